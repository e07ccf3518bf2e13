"""Public verification: a document's page, the published keys, and the PDF and QR-text checks.

No account is needed for any of them. The document page is the busy one (every scanned QR code
lands on it): rendered once into the cache for anonymous visitors (`pages.py`), else one query,
and the signature check is kept per process (`signing.jws_verify`).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kotalive.core.http import current_language
from kotalive.documents import pages, selectors
from kotalive.documents.forms import JwsCheckForm, PdfCheckForm
from kotalive.documents.selectors import Verification

KEYS_MAX_AGE = 300


def _page(verification: Verification) -> dict[str, Any]:
    """The facts in the page's language, the other language's label beside them."""
    document = verification.document
    english = current_language() == "en"
    return {
        "v": verification,
        "doc": document,
        "title": document.title_en if english else document.title_id,
        "other_title": document.title_id if english else document.title_en,
        "facts": [
            {
                "label": f["label_en"] if english else f["label_id"],
                "value": f["value"],
            }
            for f in document.facts
        ],
    }


@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    cacheable = pages.page_cacheable(request)
    key = pages.page_key(code, current_language()) if cacheable else ""
    html = cache.get(key) if cacheable else None
    if html is None:
        verification = selectors.document_verification(code=code)
        if verification is None:
            return render(request, "documents/missing.html", {"code": code[:40]}, status=404)
        if not cacheable:
            return render(request, "documents/verify.html", _page(verification))
        context = {**_page(verification), "csrf_token": pages.CSRF_PLACEHOLDER}
        html = render_to_string("documents/verify.html", context, request)
        # A CSP nonce belongs to one response: a page that carries one cannot be shared.
        if "nonce=" not in html:
            cache.set(key, html, pages.PAGE_TTL)
    # What a full render does for this visitor, so that headers and cookies stay the same.
    request.user.is_authenticated  # noqa: B018 - the session is looked at (Vary: Cookie)
    return HttpResponse(html.replace(pages.CSRF_PLACEHOLDER, get_token(request)))


@require_safe
@cache_control(public=True, max_age=KEYS_MAX_AGE)
def keys(request: HttpRequest) -> HttpResponse:
    body = json.dumps(selectors.signing_keys_jwks(), separators=(",", ":"))
    response = HttpResponse(body, content_type="application/jwk-set+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _check_page(request: HttpRequest, **context: Any) -> HttpResponse:
    context.setdefault("pdf_form", PdfCheckForm(auto_id="pdf_%s"))
    context.setdefault("jws_form", JwsCheckForm(auto_id="jws_%s"))
    status = 400 if any(f.errors for f in (context["pdf_form"], context["jws_form"])) else 200
    return render(request, "documents/check.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """GET: the forms. POST: is this PDF, byte for byte, one the city issued?"""
    if request.method != "POST":
        return _check_page(request)
    form = PdfCheckForm(request.POST, request.FILES, auto_id="pdf_%s")
    if not form.is_valid():
        return _check_page(request, pdf_form=form)
    found = selectors.document_find_by_pdf(data=form.cleaned_data["pdf"])
    return _check_page(
        request,
        pdf_checked=True,
        pdf_result=_page(found) if found is not None else None,
    )


@require_POST
def check_jws(request: HttpRequest) -> HttpResponse:
    """Is this text (from a QR code) signed by one of the city's keys, and for which document?"""
    form = JwsCheckForm(request.POST, auto_id="jws_%s")
    if not form.is_valid():
        return _check_page(request, jws_form=form)
    result = selectors.jws_check(jws=form.cleaned_data["jws"])
    if result is None:
        form.add_error("jws", JwsCheckForm.not_a_jws)
        return _check_page(request, jws_form=form)
    return _check_page(
        request,
        jws_form=form,
        jws_checked=True,
        jws_ok=result.signature_ok,
        jws_result=_page(result.verification) if result.verification is not None else None,
    )
