"""The PySide6 window: it shows what ``composer.core`` says and forwards what the user does."""
