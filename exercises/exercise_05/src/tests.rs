use super::gather_by_producer;
use test_support::{deadline, HINT_SENDER_ALIVE};

/// 不单调的数列：排序不能代替“保持发送顺序”。
fn scrambled(producer: u32, len: u32) -> Vec<u32> {
    (0..len)
        .map(|i| (i * 7919 + producer * 104_729) % 1000)
        .collect()
}

fn check(producers: Vec<Vec<u32>>) {
    let expected = producers.clone();
    let got = gather_by_producer(producers);
    assert_eq!(
        got.len(),
        expected.len(),
        "应为每个生产者返回一组（没有发送任何数的生产者也算一组）"
    );
    for (i, (want, have)) in expected.iter().zip(&got).enumerate() {
        assert_eq!(
            have.len(),
            want.len(),
            "生产者 {i} 发送了 {} 个数，却收到 {} 个：消息丢失或被分错了组",
            want.len(),
            have.len()
        );
        assert_eq!(
            have, want,
            "生产者 {i} 的数顺序变了：同一个 Sender 发出的消息按发送顺序到达，不需要排序"
        );
    }
}

#[test]
fn one_producer_keeps_its_order() {
    deadline(HINT_SENDER_ALIVE, || check(vec![scrambled(0, 50)]));
}

#[test]
fn many_producers_each_keep_their_order() {
    deadline(HINT_SENDER_ALIVE, || {
        check((0..8).map(|p| scrambled(p, 1000)).collect());
    });
}

#[test]
fn producers_with_nothing_to_send_get_an_empty_group() {
    deadline(HINT_SENDER_ALIVE, || {
        check(vec![vec![], vec![5, 4, 3], vec![]]);
    });
}

#[test]
fn no_producers_at_all() {
    deadline(HINT_SENDER_ALIVE, || check(vec![]));
}

#[test]
fn equal_values_from_different_producers_stay_apart() {
    deadline(HINT_SENDER_ALIVE, || {
        check(vec![vec![1, 1, 2], vec![2, 1, 1], vec![1, 2, 1]]);
    });
}
