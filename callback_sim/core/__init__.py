"""Pure logic: banks, scoring, seeding, rounds. No UI, storage, speech or platformdirs imports."""
