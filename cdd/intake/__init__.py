"""What districts send: files read whatever their encoding, checked whole, templates to fill, limits on size."""
