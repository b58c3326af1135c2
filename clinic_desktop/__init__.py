"""Clinic Desktop: assessment and care plans for patients with muscle spasms."""

__version__ = "0.1.0"
