// Replaced by the Store implementation.
