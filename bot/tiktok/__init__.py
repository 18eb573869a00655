"""TikTok connections: Login Kit (OAuth 2.0) and the Display API, pulled on a schedule."""
