"""Sign-in forms with Vietnamese messages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class TokenForm(forms.Form):
    """A 6-digit code from the authenticator app."""

    otp_token = forms.CharField(
        label=_("Mã xác thực"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
        error_messages={"required": _("Hãy nhập mã gồm 6 chữ số từ ứng dụng xác thực.")},
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self) -> str:
        token = "".join(self.cleaned_data["otp_token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Mã xác thực chỉ gồm chữ số."), code="invalid_token")
        if self.device is not None:
            allowed, data = self.device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(
                    _("Nhập sai mã nhiều lần. Hãy đợi vài giây rồi nhập mã mới."),
                    code="throttled",
                )
        if self.device is None or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới trên ứng dụng."),
                code="invalid_token",
            )
        return token
