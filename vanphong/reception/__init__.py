"""Citizen reception: written petitions (đơn thư) — khiếu nại, tố cáo, kiến nghị, phản ánh —
with their legal deadlines (versioned rules pinned at receipt) and denouncer protection."""
