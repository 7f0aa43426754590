"""The regulations' own Chinese terms for what the ledger names by id, in one place.

Measures are named as 2021 Art 19 (警示提醒、限制账号功能、暂停信息更新、停止广告发布、
关闭注销账号、列入黑名单) and 2022 Art 17 (限期改正、暂停使用) name them; statuses by the
same terms; articles are cited the way Chinese practitioners cite them, with the
instrument's title in book-title marks and the article in Chinese numerals:
《互联网用户公众账号信息服务管理规定》第十九条, 第十八条第六项 for an item.

Keyed by the ids of `measures.Measure`, `lifecycle.STATES` and `articles.CATALOGUE`;
the tests check that every id has its term.
"""

from __future__ import annotations

from types import MappingProxyType

# The instruments' titles (2017's bears the same title as 2021's, which replaced it).
TITLES = MappingProxyType(
    {
        "2017": "《互联网用户公众账号信息服务管理规定》（2017年）",
        "2021": "《互联网用户公众账号信息服务管理规定》",
        "2022": "《互联网用户账号信息管理规定》",
    }
)

MEASURES = MappingProxyType(
    {
        "warning": "警示",
        "order_to_correct": "限期改正",
        "restriction": "限制功能",
        "updates_suspended": "暂停更新",
        "ads_ceased": "停止广告发布",
        "suspension": "暂停使用",
        "closure": "关闭",
        "deregistration": "注销",
        "blacklisting": "列入黑名单",
    }
)

STATUSES = MappingProxyType(
    {
        "unregistered": "未注册",
        "pending": "待审核",
        "active": "正常",
        "rectifying": "限期改正中",
        "suspended": "暂停使用",
        "closed": "关闭",
        "blacklisted": "列入黑名单",
        "refused": "注册未通过",
        "deregistered": "注销",
        "terminated": "运营者申请注销",
    }
)

SUMMARIES = MappingProxyType(
    {
        "2017-6": "后台实名、前台自愿，认证用户真实身份",
        "2017-9": "保护用户个人信息，不得泄露、篡改、毁损",
        "2017-13": "处置违规账号，保存记录，不得重新注册",
        "2017-16": "配合监督检查，保存记录",
        "2021-6": "平台主体责任；管理规则和服务协议",
        "2021-7": "分级分类管理",
        "2021-8": "认证真实身份；审核名称、头像和简介",
        "2021-9": "经济、教育、医疗卫生、司法等领域资质核验；特殊标识；公开注册信息",
        "2021-10": "同一主体账号数量上限；连续六个月不登录",
        "2021-11": "账号转让须申请并核验受让方",
        "2021-12": "防范流量数据造假",
        "2021-13": "信用评价；发布虚假信息降低信用等级或列入黑名单",
        "2021-14": "广告和商业活动规则",
        "2021-15": "如实填写注册信息",
        "2021-16": "生产运营者的内容主体责任",
        "2021-17": "著作权与互动功能管理",
        "2021-18": "生产运营者不得从事的违法违规行为",
        "2021-18-1": "未以真实身份信息注册，或名称、头像、简介与真实身份信息不符",
        "2021-18-2": "恶意假冒、仿冒或者盗用他人账号",
        "2021-18-3": "未经许可或超越许可范围提供互联网新闻信息服务",
        "2021-18-4": "操纵多个账号批量发布低质信息，制造虚假流量和舆论",
        "2021-18-5": "煽动极端情绪，实施网络暴力",
        "2021-18-6": "编造虚假信息，伪造原创属性，标注不实信息来源",
        "2021-18-7": "非法网络监督、营销诈骗、敲诈勒索，有偿发布删除信息",
        "2021-18-8": "违规批量注册、囤积或者非法交易账号",
        "2021-18-9": "制作、复制、发布违法信息",
        "2021-18-10": "法律、行政法规禁止的其他行为",
        "2021-19": "处置措施；保存记录；向网信部门报告",
        "2021-20": "投诉举报和申诉及反馈时限",
        "2021-21": "配合监督检查",
        "2021-22": "用语含义：公众账号和平台",
        "2022-6": "账号信息管理规则和服务协议",
        "2022-7": "职业和主体信息应当真实",
        "2022-8": "账号信息不得含有的内容",
        "2022-8-1": "违反《网络信息内容生态治理规定》第六条、第七条",
        "2022-8-2": "假冒党政军机关、企事业单位、社会组织",
        "2022-8-3": "假冒国内外组织机构",
        "2022-8-4": "假冒新闻媒体；未经许可使用新闻、报道等字样",
        "2022-8-5": "假冒或恶意关联国家地名",
        "2022-8-6": "含有二维码、网址、邮箱、联系方式，或使用同音、谐音、相近的文字、数字、符号",
        "2022-8-7": "含有夸大、夸张字样",
        "2022-8-8": "法律、行政法规禁止的其他内容",
        "2022-9": "以手机号码、身份证件号码或统一社会信用代码认证真实身份",
        "2022-10": "注册和变更时审核；严格审核“中国”“中华”“国家”等字样；防止关闭的账号重新注册",
        "2022-11": "许可和专业领域资质；特殊标识",
        "2022-12": "展示IP地址属地信息",
        "2022-13": "展示公众账号信息",
        "2022-14": "平台的账号信息管理主体责任",
        "2022-15": "动态核验：暂停使用、限期改正、拒不改正的终止服务",
        "2022-16": "保护账号信息中的个人信息",
        "2022-17": "处置措施；保存记录；报告",
        "2022-18": "账号信用管理",
        "2022-19": "投诉举报及反馈时限",
        "2022-21": "配合监督检查",
    }
)

_DIGITS = "零一二三四五六七八九"


def numeral(n: int) -> str:
    """1..99 in Chinese numerals, as article numbers are written: 十九, 二十一."""
    if not 1 <= n <= 99:
        raise ValueError(f"{n} is not between 1 and 99")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def title(article_id: str) -> str:
    """The title of the instrument an article id belongs to, in book-title marks."""
    return TITLES[article_id.split("-")[0]]


def citation(article_id: str) -> str:
    """`2021-19` -> 《互联网用户公众账号信息服务管理规定》第十九条;
    `2021-18-6` -> ...第十八条第六项."""
    year, number, *item = article_id.split("-")
    cited = f"{TITLES[year]}第{numeral(int(number))}条"
    return cited + (f"第{numeral(int(item[0]))}项" if item else "")
