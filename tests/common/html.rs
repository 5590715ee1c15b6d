//! A small parser for the HTML the templates write, and queries over the parsed tree.

/// A parsed HTML element: its tag, attributes, and children (elements or text).
#[derive(Debug, Default)]
pub(crate) struct El {
    pub(crate) tag: String,
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) children: Vec<Node>,
}

#[derive(Debug)]
pub(crate) enum Node {
    El(El),
    Text(String),
}

const VOID: &[&str] = &["br", "meta", "img", "hr", "input", "link", "wbr", "col"];

pub(crate) fn unescape(raw: &str) -> String {
    raw.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Parses the HTML the templates write (well-formed apart from void elements).
pub(crate) fn parse(html: &str) -> El {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(html);
    reader.config_mut().check_end_names = false;
    let mut stack = vec![El::default()];
    let open = |e: &quick_xml::events::BytesStart<'_>| El {
        tag: e.name().as_ref().to_ascii_lowercase(),
        attrs: e
            .html_attributes()
            .filter_map(Result::ok)
            .map(|a| (a.key.as_ref().to_owned(), unescape(&a.value)))
            .collect(),
        children: Vec::new(),
    };
    loop {
        match reader.read_event().expect("the HTML parses") {
            Event::Eof => break,
            Event::Start(e) => {
                let el = open(&e);
                if VOID.contains(&el.tag.as_str()) {
                    stack.last_mut().unwrap().children.push(Node::El(el));
                } else {
                    stack.push(el);
                }
            }
            Event::Empty(e) => {
                let el = open(&e);
                stack.last_mut().unwrap().children.push(Node::El(el));
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_ascii_lowercase();
                if VOID.contains(&name.as_str()) {
                    continue;
                }
                let el = stack.pop().unwrap();
                assert_eq!(el.tag, name, "mismatched end tag");
                stack.last_mut().unwrap().children.push(Node::El(el));
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .children
                .push(Node::Text(unescape(t.as_ref()))),
            Event::GeneralRef(r) => stack
                .last_mut()
                .unwrap()
                .children
                .push(Node::Text(unescape(&format!("&{};", r.as_ref())))),
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    stack.pop().unwrap()
}

impl El {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }

    pub(crate) fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|c| match c {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// Every element below this one, in document order, matching `pred`.
    pub(crate) fn find_all<'a>(&'a self, pred: &dyn Fn(&El) -> bool) -> Vec<&'a El> {
        let mut out = Vec::new();
        for e in self.elements() {
            if pred(e) {
                out.push(e);
            }
            out.extend(e.find_all(pred));
        }
        out
    }

    pub(crate) fn by_id(&self, id: &str) -> &El {
        self.find_all(&|e| e.attr("id") == Some(id))
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element #{id}"))
    }

    pub(crate) fn tags(&self, tag: &str) -> Vec<&El> {
        self.find_all(&|e| e.tag == tag)
    }

    /// The text, whitespace collapsed.
    pub(crate) fn text(&self) -> String {
        fn walk(e: &El, out: &mut String) {
            for c in &e.children {
                match c {
                    Node::Text(t) => out.push_str(t),
                    Node::El(e) if e.tag == "br" => out.push(' '),
                    Node::El(e) => walk(e, out),
                }
            }
        }
        let mut out = String::new();
        walk(self, &mut out);
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

impl El {
    /// The body rows of a table: each row's cells (`th` and `td`), as text.
    pub(crate) fn rows(&self) -> Vec<Vec<String>> {
        self.tags("tbody")
            .iter()
            .flat_map(|b| b.tags("tr"))
            .map(|r| {
                r.find_all(&|e| e.tag == "td" || e.tag == "th")
                    .iter()
                    .map(|c| c.text())
                    .collect()
            })
            .collect()
    }

    /// The table labelled `label` (its scrolling wrapper's `aria-label`).
    pub(crate) fn table(&self, label: &str) -> &El {
        self.find_all(&|e| e.attr("aria-label") == Some(label))
            .into_iter()
            .next()
            .and_then(|w| w.tags("table").into_iter().next())
            .unwrap_or_else(|| panic!("no table {label:?}"))
    }
}
