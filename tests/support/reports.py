"""The PDF fixtures: reports in the layouts think tanks and ministries publish."""

from __future__ import annotations

from tests.support.pdfwriter import Layout, Page, build_pdf, encrypt, typeset

__all__ = ["Layout", "build_pdf", "typeset"]

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


RU_TITLE = "Россия и Япония после 2022 года: санкции, энергетика и острова"
RU_PARAGRAPHS = [
    "Конфликт на Украине прервал десятилетие японских попыток наладить диалог с Россией. "
    "Токио присоединился к санкциям «Большой семёрки», заморозил активы Центрального банка "
    "России и выслал восемь российских дипломатов в апреле 2022 года.",
    "Москва ответила приостановкой переговоров о мирном договоре, отменой безвизовых поездок "
    "на южные Курильские острова и выходом из совместной хозяйственной деятельности, о которой "
    "Синдзо Абэ и Владимир Путин договорились в 2016 году.",
    "Исключением остаётся энергетика. Япония сохранила доли в проектах «Сахалин-1» и "
    "«Сахалин-2», которые обеспечивают около девяти процентов её импорта сжиженного газа, "
    "поскольку замена этих поставок обошлась бы дорого.",
    "Вторым исключением остаётся рыболовство. Каждую весну правительства двух стран по-прежнему "
    "согласовывают квоты на вылов лосося, а соглашение о безопасном промысле у островов "
    "продолжает действовать.",
    "Возвращение к прежней повестке саммитов и совместных проектов пока не просматривается. "
    "Возможен лишь узкий канал по рыболовству, энергетике и безопасности судоходства, который "
    "поддерживают чиновники, а не лидеры.",
]
RU_FIRST = "Конфликт на Украине прервал десятилетие японских попыток наладить диалог с Россией."
RU_LAST = "который поддерживают чиновники, а не лидеры."
RU_FOOTNOTES = {
    1: ["1 Дипломатическая синяя книга Японии 2023 года, с. 45."],
    2: ["2 Доклад Агентства природных ресурсов и энергетики Японии за 2022 год, с. 118."],
}
RU_FRONT = [
    (RU_TITLE, 17.0, True),
    ("Иван Петров, ведущий научный сотрудник ИМЭМО РАН", 11.0, False),
    ("Аналитическая записка № 7 | 15 марта 2024 г.", 11.0, False),
]

JA_TITLE = "二〇二二年以後の日ロ関係――制裁、エネルギー、北方領土"
JA_PARAGRAPHS = [
    "ウクライナ侵攻は、ロシアとの対話を重ねてきた日本の十年に及ぶ努力に終止符を打った。"
    "日本は主要七か国の制裁に加わり、ロシア中央銀行の資産を凍結し、ロシアの外交官八人を"
    "国外退去とした。",
    "ロシアはこれに対し、平和条約交渉を中断し、北方四島へのビザなし交流を停止し、"
    "安倍晋三首相とプーチン大統領が二〇一六年に合意した共同経済活動からも離脱した。",
    "例外はエネルギーである。日本はサハリン１とサハリン２の権益を維持した。両事業は"
    "液化天然ガス輸入の約九パーセントを占め、代替調達には多大な費用と時間がかかるためである。",
    "漁業も例外である。両国政府は毎年春にサケ・マスの漁獲枠を協議しており、"
    "北方四島周辺での安全操業の枠組みも維持されている。",
    "首脳会談と共同事業を軸とした以前の関係に戻る見通しは立っていない。残されているのは、"
    "漁業、エネルギー、航行の安全をめぐり実務者が保つ細い対話の回路である。",
]
JA_FIRST = "ウクライナ侵攻は、ロシアとの対話を重ねてきた日本の十年に及ぶ努力に終止符を打った。"
JA_LAST = "実務者が保つ細い対話の回路である。"
JA_FOOTNOTES = {
    1: ["注1 外務省『外交青書２０２３』４５頁。"],
    2: ["注2 資源エネルギー庁『エネルギー白書２０２２』１１８頁。"],
}
JA_FRONT = [
    (JA_TITLE, 17.0, True),
    ("山田太郎（北海道大学教授）", 11.0, False),
    ("2024年3月15日", 11.0, False),
]


def russian() -> bytes:
    """A Russian report: running head, page numbers, footnotes in small type."""
    layout = Layout(head="ИМЭМО РАН | Аналитическая записка № 7", footnotes=RU_FOOTNOTES,
                    lines_per_column=10)  # fmt: skip
    return build_pdf(typeset(RU_FRONT, RU_PARAGRAPHS, layout), title=RU_TITLE, author="Иван Петров")


def japanese() -> bytes:
    """A Japanese report whose notes are set in the body's own type at the page foot."""
    layout = Layout(head="北海道大学スラブ・ユーラシア研究センター", footnotes=JA_FOOTNOTES,
                    lines_per_column=9, note_size=10.5)  # fmt: skip
    return build_pdf(typeset(JA_FRONT, JA_PARAGRAPHS, layout), title=JA_TITLE)


def body_size_notes() -> bytes:
    """The English report with its footnotes in body-size type (no smaller font)."""
    layout = Layout(head="Northeast Asia Program | Policy Brief No. 14", footnotes=FOOTNOTES,
                    lines_per_column=16, note_size=10.5)  # fmt: skip
    return build_pdf(typeset(FRONT, PARAGRAPHS, layout), title=TITLE, author=AUTHOR)
