"""`make bench`: the figures the issues set targets for, measured on the real handlers under moto."""
