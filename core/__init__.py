"""Domain core of Upwork Scout: settings, database, clients, services.

Nothing here imports aiogram, FastAPI or arq.
"""

__version__ = "0.1.0"
