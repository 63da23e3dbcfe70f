from vanphong.core.statutes import register

register(
    "ND30-WORKFILE-CATALOG",
    "Nghị định 30/2020/NĐ-CP, Điều 28 và Phụ lục V (danh mục hồ sơ)",
    "Each year the agency issues its list of work files: columns Số và ký hiệu hồ sơ, Tên đề mục "
    "và tiêu đề hồ sơ, Thời hạn bảo quản, Người lập hồ sơ, Ghi chú; large headings in Roman "
    "numerals; a file's number is its ordinal from 01 and the heading's abbreviation (01.TCCB).",
)
register(
    "ND30-WORKFILE-LINK",
    "Nghị định 30/2020/NĐ-CP, Phụ lục VI (liên kết văn bản với hồ sơ)",
    "One document can be linked to several work files without being copied; taking it out of a "
    "file is recorded; a closed file takes no change.",
)
# The registers are built in vanphong/documents/registers.py; their rule is registered here
# until the documents' statutes list it.
register(
    "ND30-REGISTER-FORMS",
    "Nghị định 30/2020/NĐ-CP, Phụ lục IV (sổ đăng ký văn bản đi, đến; sổ theo dõi giải quyết)",
    "The incoming and outgoing registers and the follow-up register have exactly the columns of "
    "Phụ lục IV and a cover (agency, year, from–to dates, from–to numbers, volume); they are "
    "printed with every field, for any period.",
)
