"""Pure domain logic: no discord, no database, no clock reads (time is passed in)."""
