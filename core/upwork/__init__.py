"""Everything that talks to Upwork: OAuth 2.0, the GraphQL client, its rate limit."""
