"""Who may do what in training."""

import rules

from ncc_portal.rules import is_administrator, is_coordinator

from .models import OfferStatus


def _offer_of(obj):
    """The offer of an offer, a session or a registration."""
    if hasattr(obj, "session"):  # a registration
        obj = obj.session
    return getattr(obj, "offer", obj)


def _country_of(obj):
    return _offer_of(obj).centre.country


@rules.predicate
def coordinates_its_country(user, obj):
    if not user.is_authenticated or obj is None or user.role != "coordinator":
        return False
    return user.centre is not None and user.centre.country == _country_of(obj)


@rules.predicate
def is_offers_trainer(user, obj):
    if not user.is_authenticated or obj is None:
        return False
    return _offer_of(obj).trainer_id == user.pk


@rules.predicate
def is_member_of_an_organisation(user):
    return user.is_authenticated and user.memberships.exists()


@rules.predicate
def proposed_it(user, offer):
    return (
        user.is_authenticated
        and offer is not None
        and offer.created_by_id == user.pk
        and offer.status in {OfferStatus.DRAFT, OfferStatus.PROPOSED}
    )


@rules.predicate
def is_published(user, offer):
    return offer is not None and offer.status == OfferStatus.PUBLISHED


@rules.predicate
def is_own_registration(user, registration):
    return user.is_authenticated and registration is not None and registration.user_id == user.pk


can_manage = coordinates_its_country | is_administrator

rules.add_perm("training.manage", is_coordinator | is_administrator)
rules.add_perm(
    "training.add_offer", is_coordinator | is_administrator | is_member_of_an_organisation
)
rules.add_perm("training.view_offer", is_published | can_manage | proposed_it | is_offers_trainer)
rules.add_perm("training.change_offer", can_manage | proposed_it)
rules.add_perm("training.publish_offer", can_manage)
rules.add_perm("training.manage_sessions", can_manage)
rules.add_perm("training.view_participants", can_manage | is_offers_trainer)
rules.add_perm("training.view_private_answers", can_manage)
rules.add_perm("training.mark_attendance", can_manage | is_offers_trainer)
rules.add_perm("training.register", rules.is_authenticated)
rules.add_perm("training.cancel_registration", is_own_registration | can_manage)
rules.add_perm("training.manage_registrations", can_manage)
# Feedback is anonymous to the trainer: coordinators see the figures and comments.
rules.add_perm("training.view_feedback", can_manage)
