"""What an initiative seeks from partners and offers them, in the one vocabulary of partner
profiles and initiatives (``ncc_portal.choices.Contribution``)."""

from ncc_portal.choices import Contribution


def contribution_labels(codes):
    """The names of ``codes`` in the vocabulary's order; codes it no longer knows are left out."""
    chosen = set(codes or [])
    return [label for code, label in Contribution.choices if code in chosen]
