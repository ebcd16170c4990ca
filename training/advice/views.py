"""The advice desk's pages: asking and one's questions, a question's thread and what each side
does on it, the coordinators' queue and desk settings, the FAQ entry, attachment downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ncc_portal.centres import deployment_centre
from ncc_portal.models import NationalCentre, User
from ncc_portal.storage import file_download

from ..models import AdviceAttachment, AdviceQuestion, QuestionStatus
from . import queries, services
from .forms import AskForm, AssignForm, DeskForm, FaqForm, MessageForm, NoteForm, QueueFilterForm
from .rules import allowed
from .workdays import working_days_between

QUEUE_PAGE_SIZE = 25


def _require(request, permission, obj=None):
    if not allowed(request.user, permission, obj):
        raise PermissionDenied


def _centres_to_ask(user):
    """The centres ``user`` may ask (all for public-sector staff, else those open to all)."""
    if not allowed(user, "advice.ask"):
        return NationalCentre.objects.none()
    centres = NationalCentre.objects.order_by("country")
    if user.role != "public_sector":
        centres = centres.filter(advice_desk__open_to_everyone=True)
    return centres


# --- Asking --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def advice_home(request):
    """Who may ask sees the form and their questions; coordinators a way to the queue; anyone
    else who may ask and how to become public-sector staff."""
    user = request.user
    if request.method == "POST" and not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    may_ask = user.is_authenticated and allowed(user, "advice.ask")
    if request.method == "POST" and not may_ask:
        raise PermissionDenied
    form = None
    if may_ask:
        centres = _centres_to_ask(user)
        form = AskForm(
            request.POST or None,
            request.FILES or None,
            centres=centres,
            initial_centre=services.default_centre_for(user, centres),
            language=request.LANGUAGE_CODE,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                question = services.ask_question(
                    user=user,
                    centre=data["centre"],
                    topic=data["topic"],
                    urgency=data["urgency"],
                    subject=data["subject"],
                    body=data["body"],
                    language=data["language"],
                    files=data["files"],
                )
            except ValidationError as error:
                form.apply_service_error(error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your question has been sent to the centre; we will email "
                        "you when it is answered."
                    ),
                )
                return redirect(question)
    context = {
        "form": form,
        "may_ask": may_ask,
        "my_questions": list(queries.questions_of(user)) if user.is_authenticated else [],
        "works_queue": allowed(user, "advice.work_queue"),
        "may_request_role": user.has_perm("ncc_portal.request_public_sector_role"),
        "centre": deployment_centre(),
        "max_files": services.MAX_ATTACHMENTS,
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "training/advice/home.html", context, status=status)


# --- A question ----------------------------------------------------------------------------


def _question(request, pk):
    """The question, or 404 for whoever may not know it exists (sign-in for anonymous)."""
    question = get_object_or_404(
        AdviceQuestion.objects.select_related("centre", "asked_by", "assigned_to", "faq_resource"),
        pk=pk,
    )
    if not allowed(request.user, "advice.view_question", question):
        raise Http404
    return question


def _detail(request, question, status=200, **forms):
    user = request.user
    works_it = allowed(user, "advice.view_internal_notes", question)
    can = {
        action: allowed(user, f"advice.{action}", question)
        for action in [
            "answer",
            "add_note",
            "assign",
            "close",
            "convert_to_faq",
            "reply",
            "mark_answered",
            "withdraw",
        ]
    }
    if can["answer"]:
        forms.setdefault("answer_form", MessageForm(label=_("Your answer"), prefix="answer"))
    if can["add_note"]:
        forms.setdefault("note_form", NoteForm(prefix="note"))
    if can["assign"]:
        forms.setdefault("assign_form", AssignForm(question=question, prefix="assign"))
    if can["reply"]:
        forms.setdefault("reply_form", MessageForm(label=_("Your reply"), prefix="reply"))
    context = {
        "question": question,
        "thread": queries.thread(question, with_notes=works_it),
        "works_it": works_it,
        "can": can,
        **forms,
    }
    return render(request, "training/advice/question_detail.html", context, status=status)


@login_required
def question_detail(request, pk):
    return _detail(request, _question(request, pk))


def _send_message(request, pk, *, permission, send, label, prefix, sent):
    """An answer or a reply with its files: one service call, the form shown again (with
    what was typed) when it or the service refuses."""
    question = _question(request, pk)
    _require(request, permission, question)
    form = MessageForm(request.POST, request.FILES, label=label, prefix=prefix)
    if form.is_valid():
        try:
            send(
                question=question,
                author=request.user,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, sent)
            return redirect(question)
    return _detail(request, question, status=400, **{f"{prefix}_form": form})


@login_required
@require_POST
def question_answer(request, pk):
    return _send_message(
        request,
        pk,
        permission="advice.answer",
        send=services.answer_question,
        label=_("Your answer"),
        prefix="answer",
        sent=_("Your answer has been sent to the person who asked."),
    )


@login_required
@require_POST
def question_reply(request, pk):
    return _send_message(
        request,
        pk,
        permission="advice.reply",
        send=services.reply_to_question,
        label=_("Your reply"),
        prefix="reply",
        sent=_("Your reply has been sent to the centre."),
    )


@login_required
@require_POST
def question_note(request, pk):
    question = _question(request, pk)
    _require(request, "advice.add_note", question)
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        services.add_internal_note(
            question=question, author=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, _("The internal note has been added."))
        return redirect(question)
    return _detail(request, question, status=400, note_form=form)


@login_required
@require_POST
def question_assign(request, pk):
    question = _question(request, pk)
    _require(request, "advice.assign", question)
    # Any active user id is accepted here, so that the service gives the reason for a refusal.
    form = AssignForm(request.POST, question=question, prefix="assign")
    form.fields["assignee"].queryset = User.objects.filter(is_active=True)
    if form.is_valid():
        try:
            services.assign_question(
                question=question, actor=request.user, assignee=form.cleaned_data["assignee"]
            )
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            assignee = form.cleaned_data["assignee"]
            if assignee is None:
                messages.success(request, _("The question is now assigned to nobody."))
            else:
                messages.success(
                    request,
                    _("The question is now assigned to %(name)s.")
                    % {"name": assignee.name or assignee.email},
                )
            return redirect(question)
    form.fields["assignee"].queryset = services.colleagues(question)
    return _detail(request, question, status=400, assign_form=form)


# What each simple action is called, which service it calls and what the person is told.
ACTIONS = {
    "close": (
        "advice.close",
        lambda q, user: services.close_question(question=q, actor=user),
        gettext_lazy("The question is closed."),
    ),
    "mark-answered": (
        "advice.mark_answered",
        lambda q, user: services.mark_answered(question=q, user=user),
        gettext_lazy("Thank you. The question is closed as answered."),
    ),
    "withdraw": (
        "advice.withdraw",
        lambda q, user: services.withdraw_question(question=q, user=user),
        gettext_lazy("Your question has been withdrawn."),
    ),
}


@login_required
@require_POST
def question_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    question = _question(request, pk)
    permission, service, done = ACTIONS[action]
    _require(request, permission, question)
    service(question, request.user)
    messages.success(request, str(done))
    return redirect(question)


@login_required
def attachment_download(request, pk):
    """The only way to an attachment: 404 for anyone who may not see it."""
    attachment = get_object_or_404(
        AdviceAttachment.objects.select_related("message__question"), pk=pk
    )
    if not allowed(request.user, "advice.download_attachment", attachment):
        raise Http404
    try:
        response = file_download(
            attachment.file,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
    except FileNotFoundError as error:
        raise Http404 from error
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- FAQ -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def question_faq(request, pk):
    question = _question(request, pk)
    _require(request, "advice.convert_to_faq", question)
    form = FaqForm(request.POST or None, question=question, initial=services.faq_draft(question))
    if form.is_valid():
        data = form.cleaned_data
        try:
            resource = services.convert_to_faq(
                question=question,
                actor=request.user,
                title=data["title"],
                text=data["text"],
                themes=data["themes"],
                audiences=data["audiences"],
            )
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("The FAQ entry is published in the library."))
            return redirect(resource)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "training/advice/question_faq.html",
        {"question": question, "form": form},
        status=status,
    )


# --- The coordinators' queue ---------------------------------------------------------------


@login_required
def queue(request):
    _require(request, "advice.work_queue")
    user = request.user
    all_centres = user.role != "coordinator"
    data = request.GET.copy()
    if not set(data) - {"page"}:
        data.update(QueueFilterForm.DEFAULTS)
    form = QueueFilterForm(data, all_centres=all_centres)
    form.is_valid()  # what cannot be understood is explained and left out
    filters = form.cleaned_data
    questions = queries.queue(
        user,
        status=filters.get("status", ""),
        assigned=filters.get("assigned", ""),
        topic=filters.get("topic", ""),
        overdue=filters.get("overdue", False),
        sort=filters.get("sort") or "waiting",
        centre=filters.get("centre"),
    )
    page = Paginator(questions, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for question in page.object_list:
        if question.waiting_since:
            question.working_days_waiting = working_days_between(question.waiting_since, now)
    query = data.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "counts": queries.queue_counts(user),
        "desk": services.desk_of(user.centre) if user.centre_id else None,
        "open_status": QuestionStatus.OPEN,
    }
    return render(request, "training/advice/queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def desk_settings(request):
    """A centre's desk: its target and whether anyone signed in may ask. Coordinators set
    their own centre's; administrators choose the centre (``?centre=DE``)."""
    user = request.user
    _require(request, "advice.work_queue")
    if user.role == "coordinator":
        centre = user.centre
    else:
        country = request.GET.get("centre") or getattr(deployment_centre(), "country", None)
        centres = NationalCentre.objects.order_by("country")
        centre = centres.filter(country=country).first() if country else centres.first()
        if centre is None:
            raise Http404
    _require(request, "advice.change_desk", centre)
    desk = services.desk_of(centre)
    form = DeskForm(
        request.POST or None,
        initial={
            "target_working_days": desk.target_working_days,
            "open_to_everyone": desk.open_to_everyone,
        },
    )
    if form.is_valid():
        try:
            services.update_desk(centre=centre, actor=user, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("The advice desk’s settings have been saved."))
            return redirect(request.get_full_path())
    status = 400 if form.is_bound else 200
    context = {
        "form": form,
        "centre": centre,
        "centres": NationalCentre.objects.order_by("country") if user.role != "coordinator" else [],
    }
    return render(request, "training/advice/desk_settings.html", context, status=status)
