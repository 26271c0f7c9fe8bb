"""Word lists for demo enterprises (enterprises.demo): invented names, never real companies."""

# (Chinese, pinyin) syllables combined into invented brand names such as 瑞芯 / Ruixin.
NAME_FIRST = (
    ("瑞", "Rui"), ("博", "Bo"), ("纳", "Na"), ("恒", "Heng"), ("德", "De"), ("锦", "Jin"), ("天", "Tian"),
    ("远", "Yuan"), ("智", "Zhi"), ("睿", "Rui"), ("宏", "Hong"), ("鼎", "Ding"), ("启", "Qi"), ("晟", "Sheng"),
    ("澜", "Lan"), ("卓", "Zhuo"), ("联", "Lian"), ("嘉", "Jia"), ("泽", "Ze"), ("铭", "Ming"), ("朗", "Lang"),
    ("映", "Ying"), ("拓", "Tuo"), ("麦", "Mai"),
)  # fmt: skip
NAME_SECOND = (
    ("芯", "xin"), ("微", "wei"), ("通", "tong"), ("达", "da"), ("创", "chuang"), ("源", "yuan"), ("视", "shi"),
    ("诺", "nuo"), ("泰", "tai"), ("驰", "chi"), ("光", "guang"), ("测", "ce"), ("能", "neng"), ("航", "hang"),
    ("盛", "sheng"), ("迈", "mai"), ("凯", "kai"), ("信", "xin"), ("辰", "chen"), ("科", "ke"), ("川", "chuan"),
)  # fmt: skip

# Division -> (weight, industry word zh, en, GB/T 4754 code, niche markets as (zh, en)).
# Weights mirror an industrial park: mostly manufacturing (section C), some software and technical services.
INDUSTRIES = (
    ("39", 22, "电子", "Electronics", "C3973", (("功率半导体器件", "Power semiconductor devices"),
                                             ("射频前端芯片", "RF front-end chips"), ("MEMS传感器", "MEMS sensors"))),
    ("35", 12, "装备", "Equipment", "C35", (("半导体封装设备", "Semiconductor packaging equipment"),
                                          ("锂电池制造装备", "Lithium-battery production equipment"))),
    ("34", 10, "机械", "Machinery", "C34", (("精密减速器", "Precision reducers"), ("高端轴承", "High-end bearings"))),
    ("38", 9, "电气", "Electric", "C38", (("储能变流器", "Energy-storage converters"),
                                         ("精密微电机", "Precision micro-motors"))),
    ("40", 6, "仪器", "Instruments", "C40", (("光谱分析仪器", "Spectral analysers"),
                                            ("机器视觉检测系统", "Machine-vision inspection systems"))),
    ("26", 6, "新材料", "Materials", "C26", (("电子级湿化学品", "Electronic-grade wet chemicals"),
                                           ("高性能涂料", "High-performance coatings"))),
    ("27", 6, "生物医药", "Biopharma", "C27", (("体外诊断试剂", "In-vitro diagnostic reagents"),
                                            ("抗体药物", "Antibody drugs"))),
    ("36", 5, "汽车部件", "Auto Parts", "C36", (("汽车电子控制单元", "Automotive electronic control units"),
                                             ("新能源汽车热管理部件", "EV thermal-management parts"))),
    ("33", 4, "精密金属", "Precision Metal", "C33", (("精密金属结构件", "Precision metal structural parts"),)),
    ("29", 4, "高分子", "Polymer", "C29", (("精密注塑件", "Precision injection mouldings"),)),
    ("37", 2, "航空", "Aerospace", "C37", (("航空发动机叶片", "Aero-engine blades"),)),
    ("65", 8, "软件", "Software", "I65", (("工业软件", "Industrial software"), ("EDA工具", "EDA tools"))),
    ("74", 3, "检测", "Testing", "M74", (("第三方检测认证", "Third-party testing and certification"),)),
    ("73", 3, "研发", "Research", "M73", (("合同研发服务", "Contract research services"),)),
)  # fmt: skip

# District code -> (weight, streets as (zh, en)). Most of the park's firms sit in the Industrial Park itself.
DISTRICTS = (
    ("320571", 50, (("星湖街", "Xinghu Street"), ("金鸡湖大道", "Jinjihu Avenue"), ("若水路", "Ruoshui Road"))),
    ("320505", 15, (("科灵路", "Keling Road"), ("竹园路", "Zhuyuan Road"))),
    ("320506", 10, (("东吴南路", "Dongwu South Road"), ("旺山路", "Wangshan Road"))),
    ("320507", 8, (("澄阳路", "Chengyang Road"),)),
    ("320509", 10, (("中山南路", "Zhongshan South Road"), ("笠泽路", "Lize Road"))),
    ("320508", 7, (("干将西路", "Ganjiang West Road"),)),
)
DISTRICT_NAMES_ZH = {
    "320571": "苏州工业园区",
    "320505": "苏州市虎丘区",
    "320506": "苏州市吴中区",
    "320507": "苏州市相城区",
    "320509": "苏州市吴江区",
    "320508": "苏州市姑苏区",
}

SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭", "沈", "顾")
GIVEN_NAMES = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "霞",
    "建华",
    "志刚",
)
