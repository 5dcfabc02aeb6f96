"""The administrator's page of login lockouts: who is locked or slowed, and lifting it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.web.accounts import throttle
from jixiao.web.accounts.audit import record
from jixiao.web.accounts.models import AuditEvent
from jixiao.web.accounts.permissions import require_admin
from jixiao.web.accounts.usernames import account_key

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


@login_required
def lockouts(request: HttpRequest) -> HttpResponse:
    """Locked accounts and slowed addresses, each with a button to lift it."""
    require_admin(request.user)
    return render(
        request,
        "accounts/lockouts.html",
        {
            "locked": throttle.lockouts(),
            "slowed": throttle.slowed_addresses(),
            "limits": throttle.limits(),
            "minutes": throttle.limits()["window_seconds"] // 60,
        },
    )


@login_required
@require_POST
def lift(request: HttpRequest) -> HttpResponse:
    """Forget the failures of one account or one address; logged in the audit log."""
    require_admin(request.user)
    account = account_key(str(request.POST.get("account", "")))
    address = str(request.POST.get("address", ""))[:45].strip()
    if account:
        count = throttle.lift_account(account)
        record(AuditEvent.Kind.UNLOCK, actor=request.user, request=request, account=account)
        messages.success(request, f"已解除账号 {account} 的登录锁定（清除 {count} 次失败记录）。")
    elif address:
        count = throttle.lift_address(address)
        record(AuditEvent.Kind.UNLOCK, actor=request.user, request=request, address=address)
        messages.success(request, f"已解除地址 {address} 的登录限速（清除 {count} 次失败记录）。")
    else:
        messages.error(request, "请选择要解除锁定的账号或地址。")
    return redirect("accounts:lockouts")
