"""Read-only presenters: data turned into text and view models, nothing written."""
