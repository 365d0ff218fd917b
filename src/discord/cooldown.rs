//! The per-member cooldown on questions: at most `limits.per_user_per_minute` in any
//! minute. Counted in memory only (never stored); entries older than a minute are dropped.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The window the limit counts over.
const WINDOW: Duration = Duration::from_secs(60);

/// Recent questions per member.
#[derive(Debug, Default)]
pub struct Cooldown {
    per_minute: u32,
    seen: Mutex<HashMap<u64, VecDeque<Instant>>>,
}

/// What the cooldown says about one more question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Under the limit: answer it.
    Allow,
    /// The first question over the limit: say so once.
    Notice,
    /// Further over the limit: stay quiet (for mentions) or refuse again (commands).
    Quiet,
}

impl Cooldown {
    /// A cooldown of `per_minute` questions (0: no limit).
    pub fn new(per_minute: u32) -> Cooldown {
        Cooldown {
            per_minute,
            seen: Mutex::default(),
        }
    }

    /// Counts a question from `user` at `now`.
    pub fn check(&self, user: u64, now: Instant) -> Verdict {
        if self.per_minute == 0 {
            return Verdict::Allow;
        }
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        // Forget members with nothing in the window, so the map stays small.
        if seen.len() > 1024 {
            seen.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        let times = seen.entry(user).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            times.pop_front();
        }
        let n = times.len() as u32;
        times.push_back(now);
        if n < self.per_minute {
            Verdict::Allow
        } else if n == self.per_minute {
            Verdict::Notice
        } else {
            Verdict::Quiet
        }
    }
}

/// What a member over the limit is told.
pub const SLOW_DOWN: &str =
    "You're asking faster than I answer: please wait a minute and ask again.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seventh_question_in_a_minute_is_refused_per_member() {
        let c = Cooldown::new(6);
        let t0 = Instant::now();
        for i in 0..6 {
            assert_eq!(c.check(1, t0 + Duration::from_secs(i)), Verdict::Allow);
        }
        assert_eq!(c.check(1, t0 + Duration::from_secs(7)), Verdict::Notice);
        assert_eq!(c.check(1, t0 + Duration::from_secs(8)), Verdict::Quiet);
        assert_eq!(c.check(2, t0 + Duration::from_secs(8)), Verdict::Allow);
        // A minute after the first ones, questions are allowed again.
        assert_eq!(c.check(1, t0 + Duration::from_secs(70)), Verdict::Allow);
        assert_eq!(Cooldown::new(0).check(1, t0), Verdict::Allow);
    }
}
