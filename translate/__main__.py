"""``python -m translate`` runs the babelpress command line."""

from translate.cli import main

if __name__ == "__main__":
    main()
