"""The PDF fixtures: reports in the layouts think tanks and ministries publish."""

from __future__ import annotations

from tests.support.pdfwriter import Layout, Page, build_pdf, encrypt, typeset

TITLE = "Russia and Japan After 2022: Sanctions, Energy and the Islands"
AUTHOR = "Margaret Hill"
PARAGRAPHS = [
    "The war in Ukraine ended a decade of Japanese efforts to engage Russia. Tokyo joined the "
    "sanctions imposed by the Group of Seven within days, froze the assets of the Russian "
    "central bank and expelled eight Russian diplomats in April 2022.",
    "Moscow answered by suspending the peace treaty negotiations, ending visa-free visits to "
    "the southern Kuril Islands and withdrawing from the joint economic activities that Shinzo "
    "Abe and Vladimir Putin had agreed in 2016.",
    "Energy is the exception. Japan kept its stakes in the Sakhalin-1 and Sakhalin-2 projects, "
    "which supply about nine percent of its liquefied natural gas, because the alternatives "
    "would have been costly and slow to arrange for utilities in Hokkaido and Kyushu.",
    "Fisheries are a second exception. Each spring the two governments still negotiate the "
    "quotas for salmon and trout that Japanese boats may catch in Russian waters, and the "
    "agreement on safe fishing operations near the islands has survived as well.",
    "The military balance in the north has also shifted. Russia deployed coastal missile "
    "systems on Iturup and Kunashir, and its warships have sailed around the Japanese "
    "archipelago together with Chinese vessels in joint patrols every year since 2021.",
    "For Japan the lesson is that engagement did not separate Russia from China. The policy "
    "review now under way in Tokyo treats the two as a single strategic problem on its "
    "northern and western flanks, and it is unlikely to be reversed by a new government.",
    "A return to the pre-war agenda of summits and joint projects is therefore not in sight. "
    "What remains possible is a narrow channel on fisheries, energy and the safety of "
    "navigation, kept open by officials rather than leaders.",
]
FIRST_SENTENCE = "The war in Ukraine ended a decade of Japanese efforts to engage Russia."
LAST_SENTENCE = "kept open by officials rather than leaders."
FOOTNOTES = {
    1: ["1 Ministry of Foreign Affairs of Japan, Diplomatic Bluebook 2023, p. 45."],
    2: ["2 Agency for Natural Resources and Energy, Energy White Paper 2022, p. 118."],
}
FRONT = [
    (TITLE, 17.0, True),
    ("Margaret Hill, Senior Fellow, Northeast Asia Program", 11.0, False),
    ("Policy Brief No. 14 | March 2024", 11.0, False),
]


def single_column() -> bytes:
    """A report with a running head from page 2, page numbers and footnotes."""
    layout = Layout(head="Northeast Asia Program | Policy Brief No. 14", footnotes=FOOTNOTES,
                    lines_per_column=16)  # fmt: skip
    return build_pdf(typeset(FRONT, PARAGRAPHS, layout), title=TITLE, author=AUTHOR)


def two_column() -> bytes:
    layout = Layout(columns=2, head="Northeast Asia Program", foot="Page {n}", lines_per_column=34)
    return build_pdf(typeset(FRONT, PARAGRAPHS, layout), title="Microsoft Word - brief14.docx")


def scanned() -> bytes:
    """Pages that are pictures only: a scan without OCR."""
    return build_pdf([Page(image=True), Page(image=True)])


def encrypted() -> bytes:
    return encrypt(single_column())


def page_count(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)
