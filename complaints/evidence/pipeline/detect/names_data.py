"""Word lists for the name detector: general-knowledge gazetteers, not taken from any test set."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Chinese surnames, roughly by frequency (earlier = more common); the rank breaks ties between
# two possible starts of a name ("对方张伟先生": 张 beats 方).
CN_SURNAMES_RANKED = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向"
    "汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单"
    "季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄"
    "窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查"
    "麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖"
    "练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那"
    "宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由萧"
)
CN_SURNAME_RANK = {ch: i for i, ch in enumerate(CN_SURNAMES_RANKED)}
CN_COMPOUND_SURNAMES = _words(
    """
万俟 上官 东方 东郭 令狐 公冶 公孙 南宫 司徒 司马 呼延 夏侯 太史 宇文 宗政 尉迟 左丘 慕容 拓跋 梁丘 欧阳 澹台 濮阳 独孤 申屠 百里 皇甫 端木 第五 西门 诸葛 谷梁 赫连 轩辕 钟离
长孙 闻人
"""
)

# Surnames that are also everyday function words or very common characters: accepted only after a
# clear cue ("我叫…", "联系人…"), never on their own.
CN_AMBIGUOUS_SURNAMES = frozenset(
    "万丰乌乐于云井亢但位信修元全公关初利区南印危卿原向和国奉宁安宣容宿富尧居展巴帅常干平幸强成战揭支敬文斯方时明晋普智权束来植母海满玉由白盖相石祖索练花衣解计豆车连通那都金银门闭阳阿隆项高"
)

# A name stops before these: particles, pronouns and verbs that hardly ever appear in a given name.
CN_NAME_STOP = frozenset(
    "不与且个也了于从他以们会但你信元其再分则到卡即却去又及发叫号各名向吗吧呀告呢和哦啊嗯回因在地块她姓它对将就已帐帮年并很微您想我或户所手打把无日时是月有此每没点用电的着秒称等答给而联能被要让讲证诉该说请账跟身过还这那邮都问"
)

# A place or an institution: a name-like span followed by (or ending in) one of these is part of
# its name ("杨浦区", "林业局", "朱家角").
CN_PLACE_SUFFIX = frozenset("区县市镇村乡路街巷省州站港局厅院所厂馆寺庙楼桥湾岛角")

CN_TITLES = (
    "先生",
    "女士",
    "小姐",
    "同学",
    "老师",
    "经理",
    "师傅",
    "律师",
    "医生",
    "警官",
    "阿姨",
    "大爷",
    "主任",
    "科长",
    "处长",
    "局长",
    "所长",
    "队长",
    "班长",
    "组长",
    "店长",
    "部长",
    "总监",
    "专员",
    "总",
)

# English given names common in English-speaking countries, and a few from elsewhere.
EN_FIRST_NAMES = _words(
    """
aaron abigail adam ahmed aisha akira alan albert alex alexander alexis ali alice amanda amber amelia amy
ana andrea andrew andy angela anjali ann anna annie anthony arthur ashley austin ava barbara becky ben
benjamin beth betty beverly bill billy bob bobby brandon brenda brian brittany bruce bryan caleb camila
carl carlos carmen carol carolyn catherine charles charlotte cheryl chloe chris christian christina
christine christopher claire connor cynthia dan daniel danielle david deborah debra denise dennis diana
diane diego dmitri donald donna doris dorothy douglas dylan edward elena elijah elizabeth ella ellen
ellie emily emma eric ethan eugene evelyn fatima fiona frances frank gabriel gary george gerald gloria
grace gregory hannah hans harold harper harry hassan heather helen henry hiroshi holly hyun ibrahim
isaac isabel isabella ivan jack jacob jacqueline jake james jan jane janet janice jason jean jeffrey jen
jennifer jenny jeremy jerry jesse jessica ji-woo jim jing joan joe john jonathan jordan jorge jose
joseph josh joshua joyce juan judith judy julie jun justin karen katarzyna kate katherine kathleen
kathryn katie kayla keith kelly ken kenji kenneth kevin kim kimberly klaus kyle larry laura lauren
lawrence lei leo liam lily linda lisa liz logan lori louis lucas lucia lucy luis luke madison margaret
maria marie marilyn mark martha mary mason matt matthew meg megan melissa mia michael michelle miguel
mike min ming mohammed molly muhammad nancy natalie natasha nathan nicholas nick nicole noah olga oliver
olivia omar owen pamela patricia patrick paul pedro peter philip piotr priya rachel ralph randy raymond
rebecca richard robert roger ronald rosa roy russell ruth ryan sakura sam samantha samuel sandra sara
sarah scott sean seo-yeon sergei sharon shirley sofia sophia sophie stefan stephanie stephen steve
steven sue susan teresa terry theresa thomas tim timothy tom tomasz tony tyler valentina victoria
vincent virginia walter wayne wei william willie yuki yusuf zachary zoe
"""
)

# Given names that are also everyday words, brands or places: names only next to a cue or a surname.
EN_AMBIGUOUS_FIRST_NAMES = _words(
    """
ali alice amber ann anna april art august austin autumn ben bill bob bruce carol chance chase cooper
crystal daisy dallas dawn don faith frank grace guy harmony holly hope hunter iris ivy jack jean jim
jing joe jordan joy jun june ken kim lee lei lily mark mason max may min ming morgan parker pat penny
phoenix ray rich river rose ruby sam sandy sky sue summer taylor tom victoria wei will
"""
)

EN_SURNAMES = _words(
    """
adams aguilar ahmed alexander ali allen alvarez anderson bailey baker barnes becker bell bennett black
boyd brooks brown bryant burns butler byrne campbell carter castillo castro chan chavez chen cheung cho
choi clark cole coleman collins cook cooper cox crawford cruz daniels davis diaz dixon dunn edwards
ellis evans ferguson fernandez fischer fisher flores ford foster fox freeman garcia gardner garza gibson
gomez gonzales gonzalez gordon graham grant gray green griffin gupta gutierrez guzman hall hamilton
harris harrison hayes henderson henry hernandez herrera hicks hill ho holmes howard hughes hunt hunter
hussain jackson james jang jenkins jimenez johnson jones jordan jung kang kelly kennedy khan kim king
kowalski kumar lam lee leung lewis lim long lopez marshall martin martinez mason mcdonald medina mendez
mendoza meyer miller mills mitchell moore morales moreno morgan morris muller munoz murphy murray myers
nelson ng nguyen nichols novak nowak o'brien o'connor o'neill olson ortiz owens palmer park parker patel
patterson payne perez perry peterson phillips porter powell price ramirez ramos reed reyes reynolds rice
richardson rivera roberts robertson robinson rodriguez rogers romero rose ross ruiz russell ryan salazar
sanchez sanders sato schmidt schneider schulz scott shah sharma shaw silva simmons simpson singh smith
snyder soto stephens stevens stewart stone sullivan suzuki tan tanaka taylor thomas thompson torres tran
tucker turner vargas vasquez wagner walker wallace walsh ward warren washington watanabe watson weaver
webb weber wells west white williams wilson wong wood woods wright yamamoto yoon young
"""
)

# Pinyin surnames, for names written in Latin letters ("Zhang Wei", "Wei Zhang").
PINYIN_SURNAMES = _words(
    """
an bai bao bi cai cao chai chang chen cheng deng ding dong du duan fan fang feng fu gan gao ge geng gong
gu guan guo han hao he hou hu hua huang huo ji jia jiang jiao jin kang ke kong lan lei li liang lin ling
liu long lu luo ma mao mei meng miao ni nie ning niu ou ouyang pan pang pei peng qi qian qiao qin qiu qu
ran ren ruan shan shang shangguan shao shen sheng shi shu sima situ song su sun tang tao tian tong tu
wan wang wei wen weng wu xia xiang xiao xie xin xing xiong xu xue yan yang yao ye yi yin you yu yuan yue
zeng zhai zhan zhang zhao zheng zhou zhu zhuang zhuge zou zuo
"""
)

# Capitalized words that are not names, even after a cue ("Dear Customer", "I am Chinese").
EN_NOT_NAMES = _words(
    """
a account address agent alipay also america american amount an and angry app april august australia
avenue balance bank beijing best british but calling canada card center centre china chinese client
clients co colleague company complaining contacting corp customer customers date dear december
department disappointed dr email english february friday friend friends frustrated group guangzhou happy
he hello here hi hong hotline how i i'm id if inc it january july june just kong limited llc london ltd
madam madame mall manager march market mastercard may me member members miss mobile monday mr mrs ms my
new no not november october officer ok okay or order our pay payment paypal phone platform please prof
qq really received refund regards road sad saturday sent september service services shanghai she
shenzhen shop sincerely sir so sorry statement still store street sunday support taiwan team tel thank
thanks that the there these they this those thursday today tomorrow top-up topup total transfer tuesday
uk upset us usa user users very visa wallet we wechat wednesday what when where who why writing yes
yesterday york you your
"""
)
# Words that make a run of capitalized words an organisation, a product, a place or a heading
# rather than a person ("Harbor Bank", "Nimbus Mall", "Consumer Council", "On Monday").
EN_NOT_NAMES |= _words(
    """
about academy after agency air airline airlines airport app apps association at authority avenue bay
before board bridge building bureau business cafe capital cart cash center chamber church city club
coin college commission committee consumer corporation council county court credit daily delivery
desk digital direct does drive during east energy exchange express federal finance financial fund
global gold government hall health help holdings home hospital hotel house in institute insurance
international investment lane law loan loans lottery mart media ministry motors national network
news north note office on online park plaza plus premium press prime pro regarding reply retail
river room school securities shipping silver since south square station studio supermarket system
systems tech technology terms ticket times tower town tracking trade travel trust union university
valley village west while with world rmb cny usd hkd eur gbp jpy aud cad sgd twd
"""
)

EN_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Madam", "Mister")

# Characters often used in Chinese given names, by how strongly one suggests a name: general
# knowledge of naming custom (virtues, nature, jewels, strength, beauty), written for this detector.
CN_GIVEN_COMMON = frozenset(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰华红玉萍辉鹏飞鑫波斌宇浩凯健俊帆帅旭宁龙林欣佳"
    "雪琳晨颖婷倩瑶梦怡琪雨萱涵轩睿泽博文昊然子晓慧彬晶丹毅峰建国海燕春梅志亮成东云荣永武利清光庆"
    "胜民德福贵祥宏振家彪冰雯薇蕾莉琴蓉菲露媛妍娇玲芬珍凤琼霖悦诗雅嘉思彤妮婧楠晴秋冬菊梓铭韵松柏"
    "锋岚芸茜淑惠爱翠珊莹巧璐瑞琛瑾璇瑜钰锐骏鸿翔翰瀚洁淼潇朗哲逸宸煜烨炜熙曦晗昕昱森楷栋桐枫杉皓"
)
CN_GIVEN_OTHER = frozenset(
    "震蔚素月香祺璟珂珺铮镇骥腾澜渊源溪灿晟暄炎榕蔓菁芷若茹荷莲萌蓓蕊黛娅婉婕嫣妤姝娴婵馨纯绮维锦"
    "绍继延承启立力正忠义仁信礼智勤坤培基城尧舜禹汉卫兵彦弘书良善顺达运财宝富才喜乐康寿岩山川江河"
    "湖浪冲元豪杭航远风霆星辰阳晖耀彩虹青紫竹桃杏槐标桦琨玮瑛珠玥琰娣嫦丫儿红霏蓝卿菡珏铎钧锟钊"
    "凡帝耿恒晋景竣骁骞驰君坚超伦俐俪倩娥婀桢樱沁泓浚淳湘滢漫澄灵炫焕琳甜皎盈真睦瑶筱纬绵羽翊舒"
    "芮苗茵莎萧菀葳蔷蕴薪虹语谦贞贤跃迪逸遥郁钦铠锴镕阑霄露韬颢飙鹃麟"
)

# Cues after which a name is the natural next word, in three strengths: after an identity cue
# ("姓名：", "收件人") any short word is taken as the name; after a role ("客服", "经理") the word must
# start with a surname; after a weak cue the surname must not double as an everyday character.
CN_IDENT_CUES = frozenset(
    [
        "我叫",
        "我的名字是",
        "我的名字叫",
        "名字是",
        "名字叫",
        "本人叫",
        "本人姓名",
        "姓名",
        "名字",
        "真实姓名",
        "户名",
        "开户名",
        "开户人",
        "账户名",
        "账户名称",
        "帐户名",
        "持卡人",
        "收款人",
        "付款人",
        "收件人",
        "收货人",
        "寄件人",
        "联系人",
        "投诉人",
        "申请人",
        "当事人",
        "委托人",
        "经办人",
        "叫做",
        "名叫",
    ]
)
CN_ROLE_CUES = frozenset(
    [
        "我是",
        "本人是",
        "本人",
        "负责人",
        "签名",
        "署名",
        "落款",
        "代理人",
        "客服",
        "客服人员",
        "客服专员",
        "人工客服",
        "专员",
        "经理",
        "主管",
        "店长",
        "业务员",
        "销售",
        "快递员",
        "快递小哥",
        "骑手",
        "配送员",
        "司机",
        "工作人员",
        "员工",
        "律师",
        "警官",
        "民警",
        "法官",
        "同事",
        "朋友",
        "老公",
        "老婆",
        "丈夫",
        "妻子",
        "儿子",
        "女儿",
        "父亲",
        "母亲",
        "妈妈",
        "爸爸",
        "哥哥",
        "姐姐",
        "弟弟",
        "妹妹",
        "室友",
        "房东",
        "租客",
        "买家",
        "卖家",
        "商家",
        "骗子",
        "主播",
        "网友",
        "尊敬的",
        "亲爱的",
    ]
)
CN_WEAK_CUES = frozenset(["对方", "用户", "会员", "致", "老师", "医生", "叫", "和", "跟", "与", "给", "找"])
