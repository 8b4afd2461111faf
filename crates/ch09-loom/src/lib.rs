//! 第 9 章“用 loom 检查并发代码”一页的模型：一个极小的阻塞通道。
//!
//! 它有两个接收方法，只差一处：
//!
//! * [`Channel::recv_racy`] 先在锁里**检查**队列，放开锁，再重新加锁**登记**自己在等——
//!   这正是 flume 0.11 异步接收里那个丢失唤醒的形状（见第 8 章）；
//! * [`Channel::recv`] 在**同一把锁**里检查并登记，这个窗口就不存在了。
//!
//! 这个 crate 直接依赖 loom，里面的 `Mutex`、`thread` 都是 loom 的模拟版本，所以不需要
//! `--cfg loom`：普通的 `cargo test -p ch09-loom` 就会让 loom 穷举线程交错。
//! 它只用来做模型检查，不能在 `loom::model` 之外使用。

use loom::sync::Mutex;
use loom::thread::{self, Thread};
use std::collections::VecDeque;

// ANCHOR: channel
/// 锁保护的全部状态：消息队列，以及正在等消息的接收线程。
#[derive(Debug)]
struct State<T> {
    queue: VecDeque<T>,
    /// 登记在这里的线程会在下一条消息到达时被叫醒（`unpark`）。
    waiting: Vec<Thread>,
}

/// 一个无界、多生产者多消费者的阻塞通道，只有最核心的两步：放入并叫醒、取出或睡下。
#[derive(Debug)]
pub struct Channel<T> {
    state: Mutex<State<T>>,
}

impl<T> Channel<T> {
    /// 创建一个空通道。
    pub fn new() -> Self {
        Channel {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                waiting: Vec::new(),
            }),
        }
    }

    /// 放入一条消息；如果有接收者登记在等，叫醒其中一个。
    pub fn send(&self, value: T) {
        let mut state = self.state.lock().unwrap();
        state.queue.push_back(value);
        if let Some(waiter) = state.waiting.pop() {
            waiter.unpark();
        }
        // 没人登记就谁也不叫：这一步依赖“想睡的接收者一定已经登记了”。
    }
}
// ANCHOR_END: channel

// ANCHOR: racy
impl<T> Channel<T> {
    /// 有缺陷的接收：检查和登记在两次加锁里完成。
    pub fn recv_racy(&self) -> T {
        loop {
            // ① 检查：队列里有消息就拿走。
            if let Some(value) = self.state.lock().unwrap().queue.pop_front() {
                return value;
            }
            // 锁在这里已经放开了。此刻到达的 send 看不到任何登记，它不叫醒任何人……
            // ② 登记：……而我们接下来登记、睡下，再也没有人来叫。
            self.state.lock().unwrap().waiting.push(thread::current());
            thread::park();
        }
    }
}
// ANCHOR_END: racy

// ANCHOR: fixed
impl<T> Channel<T> {
    /// 正确的接收：在同一把锁里检查、登记，然后才放开锁睡下。
    pub fn recv(&self) -> T {
        let mut state = self.state.lock().unwrap();
        loop {
            if let Some(value) = state.queue.pop_front() {
                return value;
            }
            // 检查和登记之间锁一直没有放开，send 要么发生在检查之前（我们会看到消息），
            // 要么发生在登记之后（它会看到我们并 unpark）。
            state.waiting.push(thread::current());
            drop(state);
            // unpark 如果先于 park 到达，park 会立刻返回：放锁之后、睡下之前的唤醒不会丢。
            thread::park();
            state = self.state.lock().unwrap();
        }
    }
}
// ANCHOR_END: fixed

impl<T> Default for Channel<T> {
    fn default() -> Self {
        Self::new()
    }
}
