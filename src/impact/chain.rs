//! Chains of losses, shared between the entries they lead to.
//!
//! A chain grows by one link per entry (`apac-sea → penang-p1 → mes`), and every entry down the
//! line shares the links before it, so extending a chain costs the same however long it is. Long
//! chains are shown with their start and end, the middle counted.

use std::rc::Rc;

/// Links kept from the start of a chain when it is shown shortened.
const HEAD: usize = 3;
/// Links kept from the end of a chain when it is shown shortened.
const TAIL: usize = 6;

#[derive(Debug)]
struct Link {
    label: String,
    prev: Option<Chain>,
    len: usize,
    /// The first links of the chain, shared by every link after them.
    head: Rc<Vec<String>>,
}

impl Drop for Link {
    /// Drops the links before this one in a loop, not by recursion: a chain as long as 100,000
    /// sub-suppliers would overflow the stack.
    fn drop(&mut self) {
        let mut prev = self.prev.take();
        while let Some(Chain(link)) = prev {
            match Rc::try_unwrap(link) {
                Ok(mut link) => prev = link.prev.take(),
                // Shared with another chain, which drops it later.
                Err(_) => break,
            }
        }
    }
}

/// A chain of losses, from the event to an entry.
#[derive(Clone, Debug)]
pub(crate) struct Chain(Rc<Link>);

impl Chain {
    /// A chain of one link.
    pub(crate) fn start(label: impl Into<String>) -> Chain {
        let label = label.into();
        Chain(Rc::new(Link {
            head: Rc::new(vec![label.clone()]),
            label,
            prev: None,
            len: 1,
        }))
    }

    /// This chain followed by `label`.
    pub(crate) fn then(&self, label: impl Into<String>) -> Chain {
        let label = label.into();
        let head = if self.0.len < HEAD {
            let mut head = (*self.0.head).clone();
            head.push(label.clone());
            Rc::new(head)
        } else {
            Rc::clone(&self.0.head)
        };
        Chain(Rc::new(Link {
            label,
            prev: Some(self.clone()),
            len: self.0.len + 1,
            head,
        }))
    }

    /// The chain without its last link.
    pub(crate) fn before(&self) -> Option<&Chain> {
        self.0.prev.as_ref()
    }

    /// The links, oldest first; a long chain keeps its start and end and counts the middle.
    pub(crate) fn labels(&self) -> Vec<String> {
        let len = self.0.len;
        if len <= HEAD + TAIL {
            let mut out = Vec::with_capacity(len);
            let mut link = Some(self);
            while let Some(l) = link {
                out.push(l.0.label.clone());
                link = l.0.prev.as_ref();
            }
            out.reverse();
            return out;
        }
        let mut tail = Vec::with_capacity(TAIL);
        let mut link = Some(self);
        while let Some(l) = link.filter(|_| tail.len() < TAIL) {
            tail.push(l.0.label.clone());
            link = l.0.prev.as_ref();
        }
        tail.reverse();
        let mut out = (*self.0.head).clone();
        out.push(format!("… {} more", len - HEAD - TAIL));
        out.extend(tail);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_chains_keep_their_ends() {
        let mut chain = Chain::start("a0");
        for i in 1..5 {
            chain = chain.then(format!("a{i}"));
        }
        assert_eq!(chain.labels(), ["a0", "a1", "a2", "a3", "a4"]);
        for i in 5..20 {
            chain = chain.then(format!("a{i}"));
        }
        assert_eq!(
            chain.labels(),
            [
                "a0",
                "a1",
                "a2",
                "… 11 more",
                "a14",
                "a15",
                "a16",
                "a17",
                "a18",
                "a19"
            ]
        );
        assert_eq!(chain.before().unwrap().labels().last().unwrap(), "a18");
    }
}
