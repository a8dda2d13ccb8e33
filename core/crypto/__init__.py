from core.crypto.fernet import DecryptionError, Encryptor, generate_key

__all__ = ["DecryptionError", "Encryptor", "generate_key"]
