from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def signin(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signin.html")
