from .cli import main

if __name__ == "__main__":  # not when an indexing process imports it
    main()
