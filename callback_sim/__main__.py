"""`python -m callback_sim` runs the same CLI as the `callback-sim` script."""

from callback_sim.cli import main

if __name__ == "__main__":
    main()
