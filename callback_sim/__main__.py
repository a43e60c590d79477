"""`python -m callback_sim` runs the same entry point as the `callback-sim` script."""

from callback_sim.launch import main

if __name__ == "__main__":
    main()
