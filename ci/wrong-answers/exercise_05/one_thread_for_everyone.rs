//! 错误：只启动一个线程，由它依次发送所有生产者的数
//! 期望：生产者没有同时运行

use std::sync::mpsc;
use std::thread;

pub fn gather_by_producer<P>(producers: Vec<P>) -> Vec<Vec<u32>>
where
    P: IntoIterator<Item = u32> + Send + 'static,
{
    let mut groups = vec![Vec::new(); producers.len()];
    let (tx, rx) = mpsc::channel::<(usize, u32)>();
    // 一个线程就够了：依次发送每个生产者的数
    thread::spawn(move || {
        for (id, values) in producers.into_iter().enumerate() {
            for value in values {
                tx.send((id, value))
                    .expect("the receiver outlives the producers");
            }
        }
    });
    // 关键决定：只需标上生产者编号。同一个 Sender 的消息按发送顺序到达（每个发送者 FIFO），
    // 所以按到达顺序追加就还原了每个生产者的顺序；不同生产者之间的先后则没有保证。
    for (id, value) in rx {
        groups[id].push(value);
    }
    groups
}

#[cfg(test)]
mod tests;
