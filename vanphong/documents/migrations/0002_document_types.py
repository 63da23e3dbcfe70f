"""The document types of Nghị định 30/2020/NĐ-CP (Điều 7) with the abbreviations exactly as
Phụ lục III writes them, and Công văn (no abbreviation). Editable data afterwards (admin)."""

from django.db import migrations

# (name, abbreviation, legal-normative). The 29 administrative types of NĐ 30 Điều 7 (27 with an
# abbreviation in Phụ lục III; Công văn and Thư công have none), then the two legal-normative
# forms a People's Committee receives and issues (Luật Ban hành VBQPPL): whether a type is
# legal-normative is versioned in law, so the flag is data, edited when the law changes.
TYPES = [
    ("Nghị quyết (cá biệt)", "NQ", False),
    ("Quyết định (cá biệt)", "QĐ", False),
    ("Chỉ thị", "CT", False),
    ("Quy chế", "QC", False),
    ("Quy định", "QyĐ", False),
    ("Thông cáo", "TC", False),
    ("Thông báo", "TB", False),
    ("Hướng dẫn", "HD", False),
    ("Chương trình", "CTr", False),
    ("Kế hoạch", "KH", False),
    ("Phương án", "PA", False),
    ("Đề án", "ĐA", False),
    ("Dự án", "DA", False),
    ("Báo cáo", "BC", False),
    ("Biên bản", "BB", False),
    ("Tờ trình", "TTr", False),
    ("Hợp đồng", "HĐ", False),
    ("Công điện", "CĐ", False),
    ("Bản ghi nhớ", "BGN", False),
    ("Bản thỏa thuận", "BTT", False),
    ("Giấy ủy quyền", "GUQ", False),
    ("Giấy mời", "GM", False),
    ("Giấy giới thiệu", "GGT", False),
    ("Giấy nghỉ phép", "GNP", False),
    ("Phiếu gửi", "PG", False),
    ("Phiếu chuyển", "PC", False),
    ("Phiếu báo", "PB", False),
    ("Công văn", "", False),
    ("Thư công", "", False),
    ("Nghị quyết (quy phạm pháp luật)", "NQ", True),
    ("Quyết định (quy phạm pháp luật)", "QĐ", True),
]


def load(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for order, (name, abbreviation, legal) in enumerate(TYPES, start=1):
        DocumentType.objects.update_or_create(
            name=name,
            defaults={"abbreviation": abbreviation, "is_legal_normative": legal, "order": order},
        )


def unload(apps, schema_editor):
    apps.get_model("documents", "DocumentType").objects.filter(
        name__in=[t[0] for t in TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
