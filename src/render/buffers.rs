//! Text buffers reused from one rendered file to the next on the same thread.
//!
//! A runbook is hundreds of kilobytes. Rendered into a fresh `String`, each file grows its
//! buffer a dozen times and frees it at the end. With the system allocator, every free of such
//! a large block first merges all the small blocks freed since (the views of the plans rendered
//! so far), so the work grows with the size of the workspace, not just with the plan. Kept
//! buffers need no large allocation after the first few files.

use std::cell::RefCell;

/// At most this many buffers are kept per thread: a template's output and the Markdown clean-up
/// passes.
const KEPT: usize = 4;

thread_local! {
    static FREE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// An empty buffer, with the capacity of an earlier file when one was given back.
pub(super) fn take() -> String {
    FREE.with_borrow_mut(Vec::pop).unwrap_or_default()
}

/// Gives `text`'s buffer back for the next file rendered on this thread.
pub(super) fn give(mut text: String) {
    text.clear();
    FREE.with_borrow_mut(|free| {
        if free.len() < KEPT {
            free.push(text);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_given_back_is_taken_again_empty_with_its_capacity() {
        let mut text = take();
        text.push_str(&"x".repeat(100_000));
        give(text);
        let again = take();
        assert!(again.is_empty());
        assert!(again.capacity() >= 100_000);
        for _ in 0..KEPT + 2 {
            give(String::with_capacity(10));
        }
        assert_eq!(FREE.with_borrow(Vec::len), KEPT);
    }
}
