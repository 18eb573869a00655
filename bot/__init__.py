"""Net-follower bot for creator teams."""
