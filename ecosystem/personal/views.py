"""A signed-in user's personal lists and saved searches, and the digest's unsubscribe link.

Lists and searches are private: any other user, whatever the role, gets a 404.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..models import Bookmark, BookmarkList, CaseStudy, Resource
from . import services

_VECTORS = [f"search_{code}" for code, _name in settings.LANGUAGES]


class BookmarkListForm(forms.ModelForm):
    class Meta:
        model = BookmarkList
        fields = ["title"]


class BookmarkForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("resource", gettext_lazy("Resource")), ("case_study", gettext_lazy("Case study"))]
    )
    slug = forms.SlugField(max_length=220)
    list = forms.IntegerField(required=False, label=gettext_lazy("List"))


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the search"), max_length=120)
    query = forms.CharField(max_length=services.MAX_QUERY_LENGTH, required=False)


def _redirect_back(request, fallback):
    """Back to ``next`` when it is an address on this site, otherwise to ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _first_error(form):
    return next(iter(form.errors.values()))[0]


def _bookmarks_with_targets():
    return Bookmark.objects.select_related("resource", "case_study").defer(
        *[f"resource__{v}" for v in _VECTORS], *[f"case_study__{v}" for v in _VECTORS]
    )


def _list_url(bookmark_list):
    return reverse("personal:list-detail", kwargs={"pk": bookmark_list.pk})


def _own_list(request, pk):
    return get_object_or_404(BookmarkList, pk=pk, owner=request.user)


# ---------------------------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------------------------


@login_required
def list_index(request):
    lists = request.user.bookmark_lists.prefetch_related(
        Prefetch("bookmarks", queryset=_bookmarks_with_targets())
    )
    return render(request, "ecosystem/personal/list_index.html", {"lists": lists})


@login_required
def list_detail(request, pk):
    bookmark_list = _own_list(request, pk)
    bookmarks = _bookmarks_with_targets().filter(bookmark_list=bookmark_list)
    return render(
        request,
        "ecosystem/personal/list_detail.html",
        {"bookmark_list": bookmark_list, "bookmarks": bookmarks},
    )


@login_required
@require_http_methods(["GET", "POST"])
def list_create(request):
    form = BookmarkListForm(request.POST or None)
    if form.is_valid():
        bookmark_list = services.create_list(owner=request.user, title=form.cleaned_data["title"])
        messages.success(request, _("Your list has been created."))
        return redirect("personal:list-detail", pk=bookmark_list.pk)
    return render(request, "ecosystem/personal/list_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def list_edit(request, pk):
    bookmark_list = _own_list(request, pk)
    form = BookmarkListForm(request.POST or None, initial={"title": bookmark_list.title})
    if form.is_valid():
        services.rename_list(bookmark_list=bookmark_list, title=form.cleaned_data["title"])
        messages.success(request, _("The list has been renamed."))
        return redirect("personal:list-detail", pk=bookmark_list.pk)
    return render(
        request,
        "ecosystem/personal/list_form.html",
        {"form": form, "bookmark_list": bookmark_list},
    )


@login_required
@require_POST
def list_delete(request, pk):
    bookmark_list = _own_list(request, pk)
    services.delete_list(bookmark_list=bookmark_list)
    messages.success(request, _("The list has been deleted."))
    return redirect("personal:list-index")


# ---------------------------------------------------------------------------------------------
# Bookmarks
# ---------------------------------------------------------------------------------------------


def _bookmark_target(request, kind, slug):
    if kind == "resource":
        target = get_object_or_404(Resource.objects.defer(*_VECTORS), slug=slug)
        permission = "ecosystem.view_resource"
    else:
        target = get_object_or_404(CaseStudy.objects.defer(*_VECTORS), slug=slug)
        permission = "ecosystem.view_casestudy"
    if not request.user.has_perm(permission, target):
        raise Http404
    return target


@login_required
@require_POST
def bookmark_add(request):
    form = BookmarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This could not be saved to your list."))
        return _redirect_back(request, "personal:list-index")
    kind = form.cleaned_data["kind"]
    target = _bookmark_target(request, kind, form.cleaned_data["slug"])
    bookmark_list = None
    if form.cleaned_data["list"]:
        bookmark_list = _own_list(request, form.cleaned_data["list"])
    bookmark = services.add_bookmark(
        owner=request.user,
        bookmark_list=bookmark_list,
        **{kind: target},
    )
    messages.success(
        request,
        _("Saved to your list “%(list)s”.") % {"list": bookmark.bookmark_list.title},
    )
    return _redirect_back(request, _list_url(bookmark.bookmark_list))


@login_required
@require_POST
def bookmark_remove(request, pk):
    bookmark = get_object_or_404(
        Bookmark.objects.select_related("bookmark_list"),
        pk=pk,
        bookmark_list__owner=request.user,
    )
    bookmark_list = bookmark.bookmark_list
    services.remove_bookmark(bookmark=bookmark)
    messages.success(request, _("Removed from your list."))
    return _redirect_back(request, _list_url(bookmark_list))


# ---------------------------------------------------------------------------------------------
# Saved searches
# ---------------------------------------------------------------------------------------------


@login_required
def search_index(request):
    return render(
        request,
        "ecosystem/personal/search_index.html",
        {"searches": request.user.saved_searches.all()},
    )


@login_required
@require_POST
def search_save(request):
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return _redirect_back(request, "personal:search-index")
    try:
        services.save_search(
            owner=request.user,
            name=form.cleaned_data["name"],
            query=form.cleaned_data["query"],
            language=request.LANGUAGE_CODE,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Search saved. Every Monday you will receive an email if there is something new."),
        )
    return _redirect_back(request, "personal:search-index")


@login_required
@require_POST
def search_delete(request, pk):
    saved_search = get_object_or_404(request.user.saved_searches, pk=pk)
    services.delete_saved_search(saved_search=saved_search)
    messages.success(request, _("The saved search has been deleted."))
    return redirect("personal:search-index")


@login_required
@require_POST
def search_emails(request, pk):
    saved_search = get_object_or_404(request.user.saved_searches, pk=pk)
    enabled = request.POST.get("enabled") == "yes"
    services.set_search_emails(saved_search=saved_search, enabled=enabled)
    if enabled:
        messages.success(request, _("You will receive the weekly email again."))
    else:
        messages.success(request, _("The weekly email is switched off; the search is kept."))
    return redirect("personal:search-index")


# The link in a digest. A GET only asks for confirmation: mail scanners and link previews open
# links, and must not unsubscribe anyone. The POST of that confirmation, and the one-click POST
# of RFC 8058 that mail programs send without a session or CSRF token, unsubscribe; the token in
# the address is the proof.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        saved_search = services.unsubscribe(token=token)
        template = "ecosystem/personal/unsubscribed.html"
    else:
        saved_search = services.saved_search_for_token(token)
        template = "ecosystem/personal/unsubscribe_confirm.html"
    return render(request, template, {"saved_search": saved_search})
