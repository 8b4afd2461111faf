//! The message types. Each carries a sequence number: the producer writes it, the receiver
//! reads it back and adds it up, so a lost, duplicated or corrupted message fails the run.

/// The marker a producer sends after its last message of a round.
pub const STOP: u64 = u64::MAX;

/// A message of the suite.
pub trait Message: Send + 'static {
    /// Builds the message with sequence number `seq` (all of it: an array is written in full).
    fn make(seq: u64) -> Self;
    /// Reads the sequence number back.
    fn seq(&self) -> u64;
}

impl Message for u64 {
    #[inline]
    fn make(seq: u64) -> Self {
        seq
    }

    #[inline]
    fn seq(&self) -> u64 {
        *self
    }
}

impl<const N: usize> Message for [u8; N] {
    #[inline]
    fn make(seq: u64) -> Self {
        let mut bytes = [0u8; N];
        bytes[..8].copy_from_slice(&seq.to_le_bytes());
        bytes
    }

    #[inline]
    fn seq(&self) -> u64 {
        u64::from_le_bytes(
            self[..8]
                .try_into()
                .expect("a message has at least 8 bytes"),
        )
    }
}

impl<const N: usize> Message for Box<[u8; N]> {
    #[inline]
    fn make(seq: u64) -> Self {
        Box::new(<[u8; N]>::make(seq))
    }

    #[inline]
    fn seq(&self) -> u64 {
        (**self).seq()
    }
}

/// What the receivers of one round must have seen: `n` messages numbered `0..n`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: u64,
    pub sum: u64,
}

impl Tally {
    /// The tally of messages `0..n`.
    pub fn expected(n: u64) -> Tally {
        Tally {
            count: n,
            // 0 + 1 + … + (n - 1), modulo 2^64 like the receivers' wrapping sums.
            sum: (u128::from(n) * u128::from(n.saturating_sub(1)) / 2) as u64,
        }
    }

    #[inline]
    pub fn add(&mut self, seq: u64) {
        self.count += 1;
        self.sum = self.sum.wrapping_add(seq);
    }

    pub fn merge(self, other: Tally) -> Tally {
        Tally {
            count: self.count + other.count,
            sum: self.sum.wrapping_add(other.sum),
        }
    }
}
