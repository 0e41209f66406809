"""``python -m cleankit``."""
from .cli import main

main()
