from core.logs.context import correlation_id, new_correlation_id, use_correlation_id
from core.logs.setup import configure_logging

__all__ = ["configure_logging", "correlation_id", "new_correlation_id", "use_correlation_id"]
