//! 第 5 步：会睡觉的 SPSC 通道——第 4 步的环形缓冲区，加上“先自旋、再 park”的等待，
//! 以及不丢唤醒的登记协议。
//!
//! [`Waiter`] 是这一步的核心：等待的一方先**登记**（“我要睡了”），再**检查**一次条件，
//! 然后才 park；唤醒的一方先让条件成立，再看有没有人登记。两边各有一道 `SeqCst` 栅栏，
//! 保证两者至少有一个看得见对方。把顺序反过来（先检查、后登记）就是第 9 章讲过的
//! “丢失唤醒”：[`Waiter::wait_until_check_then_register`] 保留了这个错误，loom 测试证明它会死锁。

use super::s1_mutex_condvar::{RecvError, SendError};
use super::s4_spsc_ring::{self, Consumer, Producer};
use super::sync::{fence, thread, Arc, AtomicBool, Backoff, Mutex, Ordering, Thread};

// ANCHOR: waiter
/// 至多一个线程在这里等待（SPSC：每一侧只有一个）。
#[derive(Debug, Default)]
pub struct Waiter {
    /// 等待者已经登记、可能正在 park。
    sleeping: AtomicBool,
    /// 要叫醒的线程。只有 `sleeping` 为真时唤醒者才会来拿，所以这把锁几乎没有争用。
    thread: Mutex<Option<Thread>>,
}
// ANCHOR_END: waiter

impl Waiter {
    pub fn new() -> Waiter {
        Waiter::default()
    }

    // ANCHOR: wait_until
    /// 等到 `ready()` 返回真。`ready` 可能被调用很多次（它可以顺便完成操作，例如尝试 pop）。
    pub fn wait_until(&self, mut ready: impl FnMut() -> bool) {
        // 先自旋、再让出：对方多半马上就到，睡下再被叫醒要两次系统调用。
        let mut backoff = Backoff::new();
        while !backoff.is_completed() {
            if ready() {
                return;
            }
            backoff.snooze();
        }
        loop {
            // 1. 登记：告诉唤醒者“我要睡了，叫醒的是这个线程”。
            *self.thread.lock().unwrap() = Some(thread::current());
            self.sleeping.store(true, Ordering::Relaxed);
            // 与 `wake` 里的栅栏配对：要么我们下面看到了对方的新状态，要么对方看到 sleeping。
            fence(Ordering::SeqCst);
            // 2. 登记之后再检查一次：对方可能恰好在我们登记之前完成了操作。
            if ready() {
                self.sleeping.store(false, Ordering::Relaxed);
                return;
            }
            // 3. 现在才能放心睡：之后的任何状态变化都会看到 sleeping == true 并 unpark 我们。
            thread::park();
            self.sleeping.store(false, Ordering::Relaxed);
            if ready() {
                return;
            }
            // park 可能无故返回（或被上一轮多余的 unpark 叫醒）：重新登记、检查、睡。
        }
    }
    // ANCHOR_END: wait_until

    // ANCHOR: wake
    /// 在让条件成立**之后**调用。
    pub fn wake(&self) {
        fence(Ordering::SeqCst);
        if self.sleeping.load(Ordering::Relaxed) {
            if let Some(thread) = &*self.thread.lock().unwrap() {
                thread.unpark();
            }
        }
    }
    // ANCHOR_END: wake

    // ANCHOR: check_then_register
    /// 错误示范：先检查、后登记、登记后不再检查。
    ///
    /// 检查和登记之间有一个窗口：对方若恰好在这里让条件成立并调用 `wake`，会看到
    /// `sleeping == false` 而不叫任何人；我们随后登记、park，再也醒不过来。
    pub fn wait_until_check_then_register(&self, mut ready: impl FnMut() -> bool) {
        loop {
            if ready() {
                return;
            }
            // ← 窗口：对方的 wake 落在这里就丢了
            *self.thread.lock().unwrap() = Some(thread::current());
            self.sleeping.store(true, Ordering::Relaxed);
            fence(Ordering::SeqCst);
            thread::park();
            self.sleeping.store(false, Ordering::Relaxed);
        }
    }
    // ANCHOR_END: check_then_register
}

// ANCHOR: shared
#[derive(Debug, Default)]
struct Shared {
    /// 接收者在这里等“有消息”。
    receiver: Waiter,
    /// 发送者在这里等“有空位”。
    sender: Waiter,
    sender_gone: AtomicBool,
    receiver_gone: AtomicBool,
}

/// 发送端：只有一个（SPSC）。
#[derive(Debug)]
pub struct Sender<T> {
    ring: Producer<T>,
    shared: Arc<Shared>,
}

/// 接收端：只有一个。
#[derive(Debug)]
pub struct Receiver<T> {
    ring: Consumer<T>,
    shared: Arc<Shared>,
}

pub fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let (producer, consumer) = s4_spsc_ring::channel(capacity);
    let shared = Arc::new(Shared::default());
    let tx = Sender {
        ring: producer,
        shared: Arc::clone(&shared),
    };
    let rx = Receiver {
        ring: consumer,
        shared,
    };
    (tx, rx)
}
// ANCHOR_END: shared

// ANCHOR: send
impl<T> Sender<T> {
    pub fn send(&mut self, msg: T) -> Result<(), SendError<T>> {
        let mut msg = Some(msg);
        let ring = &mut self.ring;
        let receiver_gone = &self.shared.receiver_gone;
        self.shared.sender.wait_until(|| {
            if receiver_gone.load(Ordering::Relaxed) {
                return true; // 没人收了，别等
            }
            match ring.push(msg.take().expect("消息还在手里")) {
                Ok(()) => true,
                Err(back) => {
                    msg = Some(back);
                    false
                }
            }
        });
        match msg {
            Some(msg) => Err(SendError(msg)),
            None => {
                self.shared.receiver.wake(); // 条件（有消息）已经成立，再叫人
                Ok(())
            }
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        self.shared.sender_gone.store(true, Ordering::Release);
        self.shared.receiver.wake();
    }
}
// ANCHOR_END: send

// ANCHOR: recv
impl<T> Receiver<T> {
    pub fn recv(&mut self) -> Result<T, RecvError> {
        let mut got = None;
        let ring = &mut self.ring;
        let sender_gone = &self.shared.sender_gone;
        self.shared.receiver.wait_until(|| {
            got = ring.pop();
            got.is_some() || sender_gone.load(Ordering::Acquire)
        });
        if got.is_none() {
            // 发送者走之前放进去的最后几条消息：Acquire 读到 sender_gone，就看得到它们。
            got = self.ring.pop();
        }
        match got {
            Some(msg) => {
                self.shared.sender.wake(); // 腾出了一个空位
                Ok(msg)
            }
            None => Err(RecvError),
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.shared.receiver_gone.store(true, Ordering::Release);
        self.shared.sender.wake();
    }
}
// ANCHOR_END: recv
