"""Scout learns each freelancer's taste from their taps (interpretable, per user, online)."""
