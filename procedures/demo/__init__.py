"""Demo and synthetic data: the Cajamarca region, mapped examples, data at scale."""
