//! 错误：忘了 drop 原始的 Sender：接收循环永远等不到通道断开
//! 期望：是否有 Sender 没有被 drop

use std::sync::mpsc;
use std::thread;

pub fn gather_by_producer<P>(producers: Vec<P>) -> Vec<Vec<u32>>
where
    P: IntoIterator<Item = u32> + Send + 'static,
{
    let mut groups = vec![Vec::new(); producers.len()];
    let (tx, rx) = mpsc::channel::<(usize, u32)>();
    for (id, values) in producers.into_iter().enumerate() {
        let tx = tx.clone();
        // 生产者整个 move 进它自己的线程：在那里才开始取值（调用 into_iter / next）。
        thread::spawn(move || {
            for value in values {
                tx.send((id, value))
                    .expect("the receiver outlives the producers");
            }
        });
    }
    // 关键决定：只需标上生产者编号。同一个 Sender 的消息按发送顺序到达（每个发送者 FIFO），
    // 所以按到达顺序追加就还原了每个生产者的顺序；不同生产者之间的先后则没有保证。
    for (id, value) in rx {
        groups[id].push(value);
    }
    groups
}

#[cfg(test)]
mod tests;
