from vanphong.core.statutes import register

register(
    "QD20-2020-IDENTIFIER",
    "Quyết định 20/2020/QĐ-TTg (sửa đổi bởi Quyết định 09/2025/QĐ-TTg)",
    "An agency's electronic identifier has up to 35 characters of A-Z, 0-9 and '.'; the legacy "
    "13-character form (000.00.00.H41) is accepted and kept alongside.",
)
