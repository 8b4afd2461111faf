//! 错误：请求日志的容量取了 20 000：不阻塞，但超过了 10 000 行的内存上限
//! 期望：最多只能积压 10 000 行
mod channel;

pub use channel::{Plan, Rx, TrySendError, Tx};

// ANCHOR: solution
/// 工作负载 1：交接。
pub fn handoff() -> Plan {
    // 容量 0 是“会合”：send 要等到接收方取走消息才返回，资源不会停在缓冲区里。
    // 只有一个接收方，std 的 sync_channel(0) 就够了（crossbeam 的 bounded(0) 同样可以）。
    Plan::StdBounded(0)
}

/// 工作负载 2：请求日志。
pub fn request_log() -> Plan {
    // 停顿期间的积压 = 4 个线程 × 25 行/毫秒 × 40 毫秒 = 4000 行（利特尔法则：到达率 × 等待时间）。
    // 留 25% 余量取 5000，仍远低于 10 000 行的内存上限；单消费者，std 即可。
    Plan::StdBounded(20_000)
}

/// 工作负载 3：任务队列。
pub fn job_queue() -> Plan {
    // 4 个工作线程共用队列：需要能克隆接收端的 MPMC 通道，std 做不到。
    // 容量 8：既能为每个工作线程提前备好任务（≥ 4），又把分发线程的领先限制在 8 个以内。
    Plan::CrossbeamBounded(8)
}

/// 工作负载 4：结果汇总。
pub fn results() -> Plan {
    // 消息总数由构造决定，恰好 8 条，无界通道不会无限增长；它让每个 send 立即返回，
    // 主线程先 join 再接收也不会死锁。（容量 ≥ 8 的有界通道同样正确。）
    Plan::StdUnbounded
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
