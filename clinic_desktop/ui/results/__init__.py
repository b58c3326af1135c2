"""The follow-up loop in the window: lab results in (file, drop, inbox folder), held results."""
