"""Hand-written pages in many languages and scripts, shaped like real page dumps (issue 15).

Each page: a site name, a navigation menu, the article (title and paragraphs), a related
links box and a footer. Written for these tests; no text is copied from a real site.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    lang: str
    script: str
    menu: tuple[str, ...]
    title: str
    paragraphs: tuple[str, ...]
    related: tuple[str, ...]
    footer: tuple[str, ...]

    def text(self) -> str:
        lines = ["Example Site", *self.menu, self.title, *self.paragraphs, *self.related, *self.footer]
        return "\n".join(lines) + "\n"


PAGES: tuple[Page, ...] = (
    Page("fr", "Latin",
         ("Accueil", "Monde", "France", "Économie", "Sport", "Culture", "Sciences", "Santé", "Météo", "Vidéos", "Podcasts", "Contact"),
         "Le conseil municipal adopte le budget de l'année prochaine",
         ("Le conseil municipal a voté hier soir le budget de l'année prochaine, après plus de trois heures de débats souvent vifs.",
          "L'opposition a dénoncé une hausse des impôts locaux qu'elle juge injustifiée, tandis que la majorité a défendu ses choix.",
          "Le maire a promis de nouveaux investissements dans les écoles et les transports publics dès le printemps prochain."),
         ("À lire aussi", "Les transports en commun gratuits le dimanche", "Un nouveau parc au bord du fleuve", "La piscine municipale rouvre ses portes"),
         ("© 2024 Example Site. Tous droits réservés.", "Mentions légales", "Confidentialité", "Cookies", "Plan du site")),
    Page("de", "Latin",
         ("Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Wissen", "Gesundheit", "Reisen", "Auto", "Digital", "Video", "Kontakt"),
         "Gemeinderat beschließt den Haushalt für das kommende Jahr",
         ("Der Gemeinderat hat gestern Abend nach mehr als drei Stunden Debatte den Haushalt für das kommende Jahr beschlossen.",
          "Die Opposition kritisierte die Erhöhung der Grundsteuer, die Mehrheit verteidigte die geplanten Investitionen.",
          "Der Bürgermeister versprach neue Mittel für Schulen und den Nahverkehr ab dem kommenden Frühjahr."),
         ("Mehr zum Thema", "Freier Nahverkehr am Sonntag", "Ein neuer Park am Flussufer", "Das Hallenbad öffnet wieder"),
         ("© 2024 Example Site. Alle Rechte vorbehalten.", "Impressum", "Datenschutz", "Cookies", "Sitemap")),
    Page("en", "Latin",
         ("Home", "World", "Business", "Politics", "Sport", "Culture", "Science", "Health", "Travel", "Video", "Podcasts", "Contact"),
         "City council approves next year's budget",
         ("The city council approved next year's budget last night after more than three hours of heated debate.",
          "The opposition criticised a rise in local taxes, while the majority defended its plans for new investment.",
          "The mayor promised more money for schools and public transport from next spring onwards."),
         ("Related stories", "Free buses on Sundays", "A new park by the river", "The public pool reopens"),
         ("© 2024 Example Site. All rights reserved.", "Terms of use", "Privacy", "Cookies", "Site map")),
    Page("es", "Latin",
         ("Portada", "Internacional", "España", "Economía", "Deportes", "Cultura", "Ciencia", "Salud", "Viajes", "Vídeos", "Podcasts", "Contacto"),
         "El ayuntamiento aprueba el presupuesto del próximo año",
         ("El ayuntamiento aprobó anoche el presupuesto del próximo año tras más de tres horas de un debate muy intenso.",
          "La oposición criticó la subida de los impuestos municipales, mientras la mayoría defendió sus inversiones.",
          "El alcalde prometió más dinero para las escuelas y el transporte público a partir de la próxima primavera."),
         ("Noticias relacionadas", "Autobuses gratis los domingos", "Un nuevo parque junto al río", "La piscina municipal reabre"),
         ("© 2024 Example Site. Todos los derechos reservados.", "Aviso legal", "Privacidad", "Cookies", "Mapa del sitio")),
    Page("cs", "Latin",
         ("Úvod", "Domácí", "Zahraničí", "Ekonomika", "Sport", "Kultura", "Věda", "Zdraví", "Cestování", "Video", "Podcasty", "Kontakt"),
         "Zastupitelstvo schválilo rozpočet na příští rok",
         ("Zastupitelstvo včera večer po více než třech hodinách bouřlivé debaty schválilo rozpočet města na příští rok.",
          "Opozice kritizovala zvýšení místních daní, zatímco většina hájila své plány na nové investice do infrastruktury.",
          "Starosta slíbil více peněz pro školy a veřejnou dopravu už od příštího jara."),
         ("Související články", "Autobusy zdarma o nedělích", "Nový park u řeky", "Městský bazén znovu otevírá"),
         ("© 2024 Example Site. Všechna práva vyhrazena.", "Podmínky užití", "Ochrana soukromí", "Cookies", "Mapa stránek")),
    Page("id", "Latin",
         ("Beranda", "Nasional", "Internasional", "Ekonomi", "Olahraga", "Budaya", "Sains", "Kesehatan", "Wisata", "Video", "Podcast", "Kontak"),
         "Dewan kota menyetujui anggaran tahun depan",
         ("Dewan kota menyetujui anggaran tahun depan tadi malam setelah lebih dari tiga jam perdebatan yang sengit.",
          "Pihak oposisi mengkritik kenaikan pajak daerah, sementara mayoritas membela rencana investasi baru mereka.",
          "Wali kota berjanji menambah dana untuk sekolah dan transportasi umum mulai musim semi tahun depan."),
         ("Berita terkait", "Bus gratis setiap hari Minggu", "Taman baru di tepi sungai", "Kolam renang kota dibuka kembali"),
         ("© 2024 Example Site. Hak cipta dilindungi.", "Syarat penggunaan", "Privasi", "Cookies", "Peta situs")),
    Page("fi", "Latin",
         ("Etusivu", "Kotimaa", "Ulkomaat", "Talous", "Urheilu", "Kulttuuri", "Tiede", "Terveys", "Matkailu", "Video", "Podcastit", "Yhteystiedot"),
         "Kaupunginvaltuusto hyväksyi ensi vuoden talousarvion",
         ("Kaupunginvaltuusto hyväksyi eilen illalla ensi vuoden talousarvion yli kolmen tunnin kiivaan keskustelun jälkeen.",
          "Oppositio arvosteli kiinteistöveron korotusta, kun taas enemmistö puolusti suunniteltuja investointeja.",
          "Pormestari lupasi lisää rahaa kouluille ja joukkoliikenteelle ensi keväästä alkaen."),
         ("Aiheesta muualla", "Ilmaiset bussit sunnuntaisin", "Uusi puisto joen rannalle", "Uimahalli avautuu jälleen"),
         ("© 2024 Example Site. Kaikki oikeudet pidätetään.", "Käyttöehdot", "Tietosuoja", "Evästeet", "Sivukartta")),
    Page("sv", "Latin",
         ("Start", "Inrikes", "Utrikes", "Ekonomi", "Sport", "Kultur", "Vetenskap", "Hälsa", "Resor", "Video", "Poddar", "Kontakt"),
         "Kommunfullmäktige klubbade nästa års budget",
         ("Kommunfullmäktige klubbade i går kväll nästa års budget efter mer än tre timmars intensiv debatt.",
          "Oppositionen kritiserade den höjda kommunalskatten medan majoriteten försvarade sina planer på nya investeringar.",
          "Kommunalrådet lovade mer pengar till skolor och kollektivtrafik redan från och med nästa vår."),
         ("Läs mer", "Gratis bussar på söndagar", "En ny park vid älven", "Badhuset öppnar igen"),
         ("© 2024 Example Site. Alla rättigheter förbehållna.", "Villkor", "Integritet", "Kakor", "Webbplatskarta")),
    Page("ru", "Cyrillic",
         ("Главная", "Политика", "Экономика", "Общество", "Спорт", "Культура", "Наука", "Здоровье", "Путешествия", "Видео", "Подкасты", "Контакты"),
         "Городской совет утвердил бюджет на следующий год",
         ("Городской совет вчера вечером утвердил бюджет на следующий год после более чем трёхчасового обсуждения.",
          "Оппозиция раскритиковала повышение местных налогов, а большинство защищало планы новых инвестиций.",
          "Мэр пообещал выделить больше денег на школы и общественный транспорт уже следующей весной."),
         ("Читайте также", "Бесплатные автобусы по воскресеньям", "Новый парк на берегу реки", "Городской бассейн снова открыт"),
         ("© 2024 Example Site. Все права защищены.", "Условия использования", "Конфиденциальность", "Файлы cookie", "Карта сайта")),
    Page("uk", "Cyrillic",
         ("Головна", "Політика", "Економіка", "Суспільство", "Спорт", "Культура", "Наука", "Здоровʼя", "Подорожі", "Відео", "Подкасти", "Контакти"),
         "Міська рада ухвалила бюджет на наступний рік",
         ("Міська рада вчора ввечері ухвалила бюджет на наступний рік після понад трьох годин гострої дискусії.",
          "Опозиція розкритикувала підвищення місцевих податків, а більшість захищала плани нових інвестицій.",
          "Мер пообіцяв більше грошей для шкіл і громадського транспорту вже з наступної весни."),
         ("Читайте також", "Безкоштовні автобуси щонеділі", "Новий парк на березі річки", "Міський басейн знову відкрито"),
         ("© 2024 Example Site. Усі права захищено.", "Умови використання", "Конфіденційність", "Cookies", "Мапа сайту")),
    Page("zh", "CJK",
         ("首页", "国内", "国际", "财经", "体育", "文化", "科技", "健康", "旅游", "视频", "播客", "联系我们"),
         "市议会通过明年预算",
         ("市议会昨晚经过三个多小时的激烈辩论，通过了明年的财政预算。",
          "反对派批评地方税的上涨，认为这对普通居民并不公平，而多数派则为新的投资计划进行了辩护。",
          "市长承诺从明年春天开始为学校和公共交通提供更多资金。"),
         ("相关阅读", "周日公交免费", "河边新建公园", "市立游泳馆重新开放"),
         ("© 2024 Example Site 版权所有", "使用条款", "隐私政策", "网站地图")),
    Page("ja", "CJK",
         ("ホーム", "国内", "国際", "経済", "スポーツ", "文化", "科学", "健康", "旅行", "動画", "ポッドキャスト", "お問い合わせ"),
         "市議会が来年度予算を可決",
         ("市議会は昨夜、三時間を超える激しい議論の末に来年度の予算案を可決した。",
          "野党は地方税の引き上げを批判したが、与党は新たな投資計画の必要性を強調した。",
          "市長は来年の春から学校と公共交通への予算を増やすと約束した。"),
         ("関連記事", "日曜日はバスが無料に", "川沿いに新しい公園", "市営プールが再開"),
         ("© 2024 Example Site 無断転載禁止", "利用規約", "プライバシー", "サイトマップ")),
    Page("ar", "Arabic",
         ("الرئيسية", "محليات", "دولي", "اقتصاد", "رياضة", "ثقافة", "علوم", "صحة", "سفر", "فيديو", "بودكاست", "اتصل بنا"),
         "المجلس البلدي يقر ميزانية العام المقبل",
         ("أقر المجلس البلدي مساء أمس ميزانية العام المقبل بعد نقاش حاد استمر أكثر من ثلاث ساعات.",
          "وانتقدت المعارضة رفع الضرائب المحلية، بينما دافعت الأغلبية عن خططها للاستثمارات الجديدة في المدينة.",
          "ووعد رئيس البلدية بتخصيص المزيد من الأموال للمدارس والنقل العام ابتداء من الربيع المقبل."),
         ("اقرأ أيضا", "حافلات مجانية أيام الأحد", "حديقة جديدة على ضفة النهر", "إعادة فتح المسبح البلدي"),
         ("© 2024 Example Site. جميع الحقوق محفوظة.", "شروط الاستخدام", "الخصوصية", "خريطة الموقع")),
    Page("hi", "Devanagari",
         ("होम", "देश", "विदेश", "व्यापार", "खेल", "मनोरंजन", "विज्ञान", "स्वास्थ्य", "यात्रा", "वीडियो", "पॉडकास्ट", "संपर्क"),
         "नगर परिषद ने अगले साल का बजट पारित किया",
         ("नगर परिषद ने कल शाम तीन घंटे से अधिक चली तीखी बहस के बाद अगले साल का बजट पारित किया।",
          "विपक्ष ने स्थानीय करों में बढ़ोतरी की आलोचना की, जबकि बहुमत ने नए निवेश की योजनाओं का बचाव किया।",
          "महापौर ने अगले वसंत से स्कूलों और सार्वजनिक परिवहन के लिए अधिक धन देने का वादा किया।"),
         ("यह भी पढ़ें", "रविवार को मुफ्त बसें", "नदी किनारे नया पार्क", "नगर का स्विमिंग पूल फिर खुला"),
         ("© 2024 Example Site. सर्वाधिकार सुरक्षित।", "उपयोग की शर्तें", "गोपनीयता", "साइट मैप")),
)  # fmt: skip
