//! The forms of Dutch strong and irregular verbs, which neither the Snowball
//! stemmer nor the regular rules of `compile::verb_forms` join
//! (`betrekt` / `betrok` / `betrokken`, and so `betrokkenheid`, whose stem
//! is the participle's). A general table of the language — the common
//! strong verbs of Dutch grammars (ANS, the Groene Boekje's list), not words
//! picked from a report — with the prefixes that make new verbs of them:
//! inseparable `be-`, `ver-`, `ont-`, `her-`, `er-`, `ge-` (no `ge-` in the
//! participle: `betrokken`) and separable `aan-`, `op-`, `uit-`, … (joined only
//! in the infinitive and the participle: `aangetrokken`).

/// `infinitive past-singular past-plural participle` of base verbs.
const STRONG_VERBS: &[[&str; 4]] = &[
    ["bakken", "bakte", "bakten", "gebakken"],
    ["bederven", "bedierf", "bedierven", "bedorven"],
    ["bedriegen", "bedroog", "bedrogen", "bedrogen"],
    ["beginnen", "begon", "begonnen", "begonnen"],
    ["begrijpen", "begreep", "begrepen", "begrepen"],
    ["bevelen", "beval", "bevalen", "bevolen"],
    ["bewegen", "bewoog", "bewogen", "bewogen"],
    ["bidden", "bad", "baden", "gebeden"],
    ["bieden", "bood", "boden", "geboden"],
    ["bijten", "beet", "beten", "gebeten"],
    ["binden", "bond", "bonden", "gebonden"],
    ["blazen", "blies", "bliezen", "geblazen"],
    ["blijken", "bleek", "bleken", "gebleken"],
    ["blijven", "bleef", "bleven", "gebleven"],
    ["breken", "brak", "braken", "gebroken"],
    ["brengen", "bracht", "brachten", "gebracht"],
    ["buigen", "boog", "bogen", "gebogen"],
    ["denken", "dacht", "dachten", "gedacht"],
    ["dragen", "droeg", "droegen", "gedragen"],
    ["drijven", "dreef", "dreven", "gedreven"],
    ["dringen", "drong", "drongen", "gedrongen"],
    ["drinken", "dronk", "dronken", "gedronken"],
    ["dwingen", "dwong", "dwongen", "gedwongen"],
    ["eten", "at", "aten", "gegeten"],
    ["gelden", "gold", "golden", "gegolden"],
    ["genieten", "genoot", "genoten", "genoten"],
    ["geven", "gaf", "gaven", "gegeven"],
    ["gieten", "goot", "goten", "gegoten"],
    ["glijden", "gleed", "gleden", "gegleden"],
    ["graven", "groef", "groeven", "gegraven"],
    ["grijpen", "greep", "grepen", "gegrepen"],
    ["hangen", "hing", "hingen", "gehangen"],
    ["heffen", "hief", "hieven", "geheven"],
    ["helpen", "hielp", "hielpen", "geholpen"],
    ["heten", "heette", "heetten", "geheten"],
    ["houden", "hield", "hielden", "gehouden"],
    ["kiezen", "koos", "kozen", "gekozen"],
    ["kijken", "keek", "keken", "gekeken"],
    ["klimmen", "klom", "klommen", "geklommen"],
    ["klinken", "klonk", "klonken", "geklonken"],
    ["komen", "kwam", "kwamen", "gekomen"],
    ["kopen", "kocht", "kochten", "gekocht"],
    ["krijgen", "kreeg", "kregen", "gekregen"],
    ["krimpen", "kromp", "krompen", "gekrompen"],
    ["laden", "laadde", "laadden", "geladen"],
    ["laten", "liet", "lieten", "gelaten"],
    ["lezen", "las", "lazen", "gelezen"],
    ["liggen", "lag", "lagen", "gelegen"],
    ["lijden", "leed", "leden", "geleden"],
    ["lijken", "leek", "leken", "geleken"],
    ["lopen", "liep", "liepen", "gelopen"],
    ["meten", "mat", "maten", "gemeten"],
    ["mijden", "meed", "meden", "gemeden"],
    ["nemen", "nam", "namen", "genomen"],
    ["prijzen", "prees", "prezen", "geprezen"],
    ["raden", "raadde", "raadden", "geraden"],
    ["rijden", "reed", "reden", "gereden"],
    ["rijzen", "rees", "rezen", "gerezen"],
    ["roepen", "riep", "riepen", "geroepen"],
    ["ruiken", "rook", "roken", "geroken"],
    ["scheiden", "scheidde", "scheidden", "gescheiden"],
    ["schenken", "schonk", "schonken", "geschonken"],
    ["scheppen", "schiep", "schiepen", "geschapen"],
    ["schieten", "schoot", "schoten", "geschoten"],
    ["schijnen", "scheen", "schenen", "geschenen"],
    ["schrijven", "schreef", "schreven", "geschreven"],
    ["schrikken", "schrok", "schrokken", "geschrokken"],
    ["schuiven", "schoof", "schoven", "geschoven"],
    ["slaan", "sloeg", "sloegen", "geslagen"],
    ["slapen", "sliep", "sliepen", "geslapen"],
    ["slijten", "sleet", "sleten", "gesleten"],
    ["sluiten", "sloot", "sloten", "gesloten"],
    ["smijten", "smeet", "smeten", "gesmeten"],
    ["snijden", "sneed", "sneden", "gesneden"],
    ["spreken", "sprak", "spraken", "gesproken"],
    ["springen", "sprong", "sprongen", "gesprongen"],
    ["staan", "stond", "stonden", "gestaan"],
    ["steken", "stak", "staken", "gestoken"],
    ["stelen", "stal", "stalen", "gestolen"],
    ["sterven", "stierf", "stierven", "gestorven"],
    ["stijgen", "steeg", "stegen", "gestegen"],
    ["stinken", "stonk", "stonken", "gestonken"],
    ["stoten", "stootte", "stootten", "gestoten"],
    ["strijden", "streed", "streden", "gestreden"],
    ["treden", "trad", "traden", "getreden"],
    ["treffen", "trof", "troffen", "getroffen"],
    ["trekken", "trok", "trokken", "getrokken"],
    ["vallen", "viel", "vielen", "gevallen"],
    ["vangen", "ving", "vingen", "gevangen"],
    ["varen", "voer", "voeren", "gevaren"],
    ["vechten", "vocht", "vochten", "gevochten"],
    ["verbieden", "verbood", "verboden", "verboden"],
    ["vergeten", "vergat", "vergaten", "vergeten"],
    ["verliezen", "verloor", "verloren", "verloren"],
    ["vinden", "vond", "vonden", "gevonden"],
    ["vliegen", "vloog", "vlogen", "gevlogen"],
    ["vragen", "vroeg", "vroegen", "gevraagd"],
    ["vriezen", "vroor", "vroren", "gevroren"],
    ["wassen", "waste", "wasten", "gewassen"],
    ["wegen", "woog", "wogen", "gewogen"],
    ["werpen", "wierp", "wierpen", "geworpen"],
    ["werven", "wierf", "wierven", "geworven"],
    ["weten", "wist", "wisten", "geweten"],
    ["wijken", "week", "weken", "geweken"],
    ["wijzen", "wees", "wezen", "gewezen"],
    ["winden", "wond", "wonden", "gewonden"],
    ["winnen", "won", "wonnen", "gewonnen"],
    ["worden", "werd", "werden", "geworden"],
    ["zenden", "zond", "zonden", "gezonden"],
    ["zien", "zag", "zagen", "gezien"],
    ["zingen", "zong", "zongen", "gezongen"],
    ["zinken", "zonk", "zonken", "gezonken"],
    ["zitten", "zat", "zaten", "gezeten"],
    ["zoeken", "zocht", "zochten", "gezocht"],
    ["zuigen", "zoog", "zogen", "gezogen"],
    ["zwemmen", "zwom", "zwommen", "gezwommen"],
    ["zwijgen", "zweeg", "zwegen", "gezwegen"],
];

/// Prefixes that make a new verb and drop the participle's `ge-`.
const INSEPARABLE: &[&str] = &["be", "ver", "ont", "her", "er", "ge"];
/// Prefixes written apart from the verb in a main clause: joined only in
/// the infinitive and the participle (`aantrekken`, `aangetrokken`).
const SEPARABLE: &[&str] = &[
    "aan", "af", "bij", "in", "mee", "na", "om", "op", "tegen", "terug", "toe", "uit", "voor",
    "weg",
];

/// The present singular of a base verb: the infinitive without `-en`, a
/// doubled consonant undoubled, an open syllable's vowel doubled, `v`/`z`
/// written `f`/`s`, plus `-t` (`trekken` → `trekt`, `geven` → `geeft`,
/// `slaan` → `slaat`, `zien` → `ziet`).
fn present(infinitive: &str) -> Option<(String, String)> {
    if let Some(root) = infinitive.strip_suffix("aan") {
        // slaan → sla, slaat
        return Some((format!("{root}a"), format!("{root}aat")));
    }
    if let Some(root) = infinitive.strip_suffix("ien") {
        // zien → zie, ziet
        return Some((format!("{root}ie"), format!("{root}iet")));
    }
    let root = infinitive.strip_suffix("en")?;
    let mut chars: Vec<char> = root.chars().collect();
    let n = chars.len();
    if n == 0 {
        return None;
    }
    let is_vowel = |c: char| "aeiou".contains(c);
    if n >= 2 && chars[n - 1] == chars[n - 2] && !is_vowel(chars[n - 1]) {
        chars.pop();
    } else if n >= 3 && is_vowel(chars[n - 2]) && !is_vowel(chars[n - 3]) && !is_vowel(chars[n - 1])
    {
        let vowel = chars[n - 2];
        if vowel != 'i' {
            chars.insert(n - 1, vowel);
        }
    }
    Some(super::compile::spelled_stem(&chars))
}

/// Every form of a base verb with `prefix` (`""`: none).
fn forms_with(entry: &[&str; 4], prefix: &str) -> Vec<String> {
    let [infinitive, past, past_plural, participle] = *entry;
    let bare_participle = participle.strip_prefix("ge").unwrap_or(participle);
    if SEPARABLE.contains(&prefix) {
        return vec![
            format!("{prefix}{infinitive}"),
            format!("{prefix}{participle}"),
        ];
    }
    let participle = if prefix.is_empty() {
        participle.to_string()
    } else {
        format!("{prefix}{bare_participle}")
    };
    let mut forms = vec![
        format!("{prefix}{infinitive}"),
        format!("{prefix}{past}"),
        format!("{prefix}{past_plural}"),
        participle,
    ];
    if let Some((stem, third)) = present(infinitive) {
        forms.push(format!("{prefix}{stem}"));
        forms.push(format!("{prefix}{third}"));
    }
    forms
}

/// The other forms of the strong verb `normalized` is a form of (accents
/// folded, lower case), with its prefix: `betrekt` → `betrekken`, `betrok`,
/// `betrokken`, …; empty for any other word. Forms of four letters or fewer
/// (`koos`, `won`: also `week`, `lag`) are not read as verbs.
pub fn strong_forms(normalized: &str) -> Vec<String> {
    if normalized.len() < 5 || !normalized.chars().all(|c| c.is_ascii_lowercase()) {
        return Vec::new();
    }
    for entry in STRONG_VERBS {
        for prefix in std::iter::once(&"").chain(INSEPARABLE).chain(SEPARABLE) {
            if !normalized.starts_with(prefix) {
                continue;
            }
            let forms = forms_with(entry, prefix);
            if forms.iter().any(|form| form == normalized) {
                let mut out: Vec<String> = Vec::new();
                for form in forms {
                    if form != normalized && !out.contains(&form) {
                        out.push(form);
                    }
                }
                return out;
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixed_strong_verbs() {
        let forms = strong_forms("betrekt");
        for form in ["betrekken", "betrok", "betrokken"] {
            assert!(forms.contains(&form.to_string()), "{form}: {forms:?}");
        }
        assert!(!forms.iter().any(|f| f == "betrekt"), "{forms:?}");
        let forms = strong_forms("gekozen");
        assert!(forms.contains(&"koos".to_string()), "{forms:?}");
        assert!(forms.contains(&"kiezen".to_string()), "{forms:?}");
        // Short forms are often other words too (`week`, `lag`): not read as verbs.
        assert!(strong_forms("koos").is_empty());
        let forms = strong_forms("aangetrokken");
        assert!(forms.contains(&"aantrekken".to_string()), "{forms:?}");
        assert!(!forms.contains(&"aantrok".to_string()), "{forms:?}");
        let forms = strong_forms("ontbreekt");
        assert!(forms.contains(&"ontbroken".to_string()), "{forms:?}");
        assert!(strong_forms("beleid").is_empty());
        assert!(strong_forms("woningen").is_empty());
        assert!(strong_forms("at").is_empty());
    }

    #[test]
    fn present_forms() {
        assert_eq!(present("trekken"), Some(("trek".into(), "trekt".into())));
        assert_eq!(present("geven"), Some(("geef".into(), "geeft".into())));
        assert_eq!(present("slaan"), Some(("sla".into(), "slaat".into())));
        assert_eq!(present("kiezen"), Some(("kies".into(), "kiest".into())));
        assert_eq!(present("breken"), Some(("breek".into(), "breekt".into())));
    }
}
