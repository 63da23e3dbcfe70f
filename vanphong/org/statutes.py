from vanphong.core.statutes import register

register(
    "QD20-2020-IDENTIFIER",
    "Quyết định 20/2020/QĐ-TTg (sửa đổi bởi Quyết định 09/2025/QĐ-TTg)",
    "An agency's electronic identifier has up to 35 characters of A-Z, 0-9 and '.'; the legacy "
    "13-character form (000.00.00.H41) is accepted and kept alongside.",
)

register(
    "ND30-2020-D13-DELEGATION",
    "Nghị định 30/2020/NĐ-CP, Điều 13 khoản 3 (ký thừa ủy quyền)",
    "A delegation (ủy quyền) is limited to a set period (it takes effect at its start and lapses "
    "at its end, by the kernel clock) and the delegate cannot delegate again: only roles the "
    "grantor holds in their own right can be delegated, never to oneself.",
)
