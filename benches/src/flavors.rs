//! The blocking implementations behind one small trait, so each topology is written once and
//! compiled for every implementation (static dispatch: no virtual call per message).

use std::collections::VecDeque;
use std::sync::{mpsc, Arc, Condvar, Mutex};

use crossbeam::utils::Backoff;

use crate::catalog::Cap;
use crate::message::Message;

/// A blocking channel. `send` and `recv` take `&mut` so that single-owner queues (`rtrb`)
/// fit too; the channels only need `&`.
pub trait Flavor: 'static {
    type Tx<M: Message>: Send + 'static;
    type Rx<M: Message>: Send + 'static;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>);
    fn clone_tx<M: Message>(tx: &Self::Tx<M>) -> Self::Tx<M>;
    /// Only called for implementations whose [`Imp::supports`](crate::catalog::Imp::supports)
    /// allows several consumers.
    fn clone_rx<M: Message>(rx: &Self::Rx<M>) -> Self::Rx<M>;
    fn send<M: Message>(tx: &mut Self::Tx<M>, msg: M);
    fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M;
}

const GONE: &str = "the other side of a benchmark channel hung up in the middle of a round";

/// `std::sync::mpsc`: `sync_channel(n)` when bounded, `channel()` when unbounded.
#[derive(Debug)]
pub struct Std;

/// The sending half of [`Std`].
#[derive(Debug)]
pub enum StdTx<M> {
    Bounded(mpsc::SyncSender<M>),
    Unbounded(mpsc::Sender<M>),
}

impl Flavor for Std {
    type Tx<M: Message> = StdTx<M>;
    type Rx<M: Message> = mpsc::Receiver<M>;

    fn channel<M: Message>(cap: Cap) -> (StdTx<M>, mpsc::Receiver<M>) {
        match cap {
            Cap::Bounded(n) => {
                let (tx, rx) = mpsc::sync_channel(n);
                (StdTx::Bounded(tx), rx)
            }
            Cap::Unbounded => {
                let (tx, rx) = mpsc::channel();
                (StdTx::Unbounded(tx), rx)
            }
        }
    }

    fn clone_tx<M: Message>(tx: &StdTx<M>) -> StdTx<M> {
        match tx {
            StdTx::Bounded(tx) => StdTx::Bounded(tx.clone()),
            StdTx::Unbounded(tx) => StdTx::Unbounded(tx.clone()),
        }
    }

    fn clone_rx<M: Message>(_: &mpsc::Receiver<M>) -> mpsc::Receiver<M> {
        unreachable!("std's Receiver cannot be cloned; the catalog has no std MPMC benchmark")
    }

    #[inline]
    fn send<M: Message>(tx: &mut StdTx<M>, msg: M) {
        match tx {
            StdTx::Bounded(tx) => tx.send(msg).expect(GONE),
            StdTx::Unbounded(tx) => tx.send(msg).expect(GONE),
        }
    }

    #[inline]
    fn recv<M: Message>(rx: &mut mpsc::Receiver<M>) -> M {
        rx.recv().expect(GONE)
    }
}

/// crossbeam-channel.
#[derive(Debug)]
pub struct Crossbeam;

impl Flavor for Crossbeam {
    type Tx<M: Message> = crossbeam_channel::Sender<M>;
    type Rx<M: Message> = crossbeam_channel::Receiver<M>;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>) {
        match cap {
            Cap::Bounded(n) => crossbeam_channel::bounded(n),
            Cap::Unbounded => crossbeam_channel::unbounded(),
        }
    }

    fn clone_tx<M: Message>(tx: &Self::Tx<M>) -> Self::Tx<M> {
        tx.clone()
    }

    fn clone_rx<M: Message>(rx: &Self::Rx<M>) -> Self::Rx<M> {
        rx.clone()
    }

    #[inline]
    fn send<M: Message>(tx: &mut Self::Tx<M>, msg: M) {
        tx.send(msg).expect(GONE);
    }

    #[inline]
    fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M {
        rx.recv().expect(GONE)
    }
}

/// flume, used from threads.
#[derive(Debug)]
pub struct Flume;

impl Flavor for Flume {
    type Tx<M: Message> = flume::Sender<M>;
    type Rx<M: Message> = flume::Receiver<M>;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>) {
        match cap {
            Cap::Bounded(n) => flume::bounded(n),
            Cap::Unbounded => flume::unbounded(),
        }
    }

    fn clone_tx<M: Message>(tx: &Self::Tx<M>) -> Self::Tx<M> {
        tx.clone()
    }

    fn clone_rx<M: Message>(rx: &Self::Rx<M>) -> Self::Rx<M> {
        rx.clone()
    }

    #[inline]
    fn send<M: Message>(tx: &mut Self::Tx<M>, msg: M) {
        tx.send(msg).expect(GONE);
    }

    #[inline]
    fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M {
        rx.recv().expect(GONE)
    }
}

/// kanal, used from threads.
#[derive(Debug)]
pub struct Kanal;

impl Flavor for Kanal {
    type Tx<M: Message> = kanal::Sender<M>;
    type Rx<M: Message> = kanal::Receiver<M>;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>) {
        match cap {
            Cap::Bounded(n) => kanal::bounded(n),
            Cap::Unbounded => kanal::unbounded(),
        }
    }

    fn clone_tx<M: Message>(tx: &Self::Tx<M>) -> Self::Tx<M> {
        tx.clone()
    }

    fn clone_rx<M: Message>(rx: &Self::Rx<M>) -> Self::Rx<M> {
        rx.clone()
    }

    #[inline]
    fn send<M: Message>(tx: &mut Self::Tx<M>, msg: M) {
        tx.send(msg).expect(GONE);
    }

    #[inline]
    fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M {
        rx.recv().expect(GONE)
    }
}

/// Floor: the `rtrb` single-producer single-consumer ring buffer. It never parks a thread:
/// a full or empty ring is waited out by spinning, then yielding (`Backoff::snooze`). That is
/// only reasonable when each side has a core of its own.
#[derive(Debug)]
pub struct Rtrb;

impl Flavor for Rtrb {
    type Tx<M: Message> = rtrb::Producer<M>;
    type Rx<M: Message> = rtrb::Consumer<M>;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>) {
        match cap {
            Cap::Bounded(n) if n > 0 => rtrb::RingBuffer::new(n),
            _ => unreachable!("rtrb is a fixed-size ring: capacity {cap:?} is not in the catalog"),
        }
    }

    fn clone_tx<M: Message>(_: &Self::Tx<M>) -> Self::Tx<M> {
        unreachable!("rtrb has exactly one producer")
    }

    fn clone_rx<M: Message>(_: &Self::Rx<M>) -> Self::Rx<M> {
        unreachable!("rtrb has exactly one consumer")
    }

    #[inline]
    fn send<M: Message>(tx: &mut Self::Tx<M>, mut msg: M) {
        let backoff = Backoff::new();
        loop {
            match tx.push(msg) {
                Ok(()) => return,
                Err(rtrb::PushError::Full(back)) => {
                    msg = back;
                    backoff.snooze();
                }
            }
        }
    }

    #[inline]
    fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M {
        let backoff = Backoff::new();
        loop {
            if let Ok(msg) = rx.pop() {
                return msg;
            }
            backoff.snooze();
        }
    }
}

/// `Mutex<VecDeque<T>>` plus two `Condvar`s, the way most people would write it: every
/// send and every receive takes the lock and notifies the other side.
#[derive(Debug)]
pub struct MutexDeque;

/// The shared state of [`MutexDeque`].
#[derive(Debug)]
pub struct LockedQueue<M> {
    items: Mutex<VecDeque<M>>,
    not_empty: Condvar,
    not_full: Condvar,
    /// `None` for unbounded.
    cap: Option<usize>,
}

impl<M> LockedQueue<M> {
    pub fn new(cap: Cap) -> LockedQueue<M> {
        let cap = match cap {
            Cap::Bounded(0) => unreachable!("a Mutex<VecDeque> cannot hand over directly"),
            Cap::Bounded(n) => Some(n),
            Cap::Unbounded => None,
        };
        LockedQueue {
            items: Mutex::new(VecDeque::with_capacity(cap.unwrap_or(0))),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            cap,
        }
    }

    pub fn push(&self, item: M) {
        let mut items = self.items.lock().unwrap();
        if let Some(cap) = self.cap {
            while items.len() >= cap {
                items = self.not_full.wait(items).unwrap();
            }
        }
        items.push_back(item);
        drop(items);
        self.not_empty.notify_one();
    }

    pub fn pop(&self) -> M {
        let mut items = self.items.lock().unwrap();
        loop {
            if let Some(item) = items.pop_front() {
                drop(items);
                if self.cap.is_some() {
                    self.not_full.notify_one();
                }
                return item;
            }
            items = self.not_empty.wait(items).unwrap();
        }
    }
}

impl Flavor for MutexDeque {
    type Tx<M: Message> = Arc<LockedQueue<M>>;
    type Rx<M: Message> = Arc<LockedQueue<M>>;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>) {
        let queue = Arc::new(LockedQueue::new(cap));
        (Arc::clone(&queue), queue)
    }

    fn clone_tx<M: Message>(tx: &Self::Tx<M>) -> Self::Tx<M> {
        Arc::clone(tx)
    }

    fn clone_rx<M: Message>(rx: &Self::Rx<M>) -> Self::Rx<M> {
        Arc::clone(rx)
    }

    #[inline]
    fn send<M: Message>(tx: &mut Self::Tx<M>, msg: M) {
        tx.push(msg);
    }

    #[inline]
    fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M {
        rx.pop()
    }
}
