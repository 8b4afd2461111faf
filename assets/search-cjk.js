// 让书内搜索也能找中文词。
//
// mdBook 的搜索索引按空格和标点切词，再去掉首尾的“非单词字符”——汉字也算在内，所以一整段中文
// 在索引里什么也不剩，搜“背压”没有结果。查询里有汉字时，这里改为在索引自带的文档（标题、正文、
// 面包屑）里找子串：每个词都要出现，标题里的命中加倍计分，按得分排序。其他查询照旧交给 elasticlunr。
(() => {
    if (typeof elasticlunr === 'undefined') {
        return;
    }
    const han = /[\u3400-\u9fff\uf900-\ufaff]/;
    const original = elasticlunr.Index.prototype.search;
    const occurrences = (text, term) => (text ? text.split(term).length - 1 : 0);

    elasticlunr.Index.prototype.search = function (query, config) {
        if (!han.test(query)) {
            return original.call(this, query, config);
        }
        const terms = query.toLowerCase().split(/\s+/).filter((term) => term.length > 0);
        const docs = this.documentStore.docs;
        const results = [];
        for (const ref of Object.keys(docs)) {
            const doc = docs[ref];
            let score = 0;
            for (const term of terms) {
                const title = occurrences((doc.title || '').toLowerCase(), term);
                const rest = occurrences((doc.body || '').toLowerCase(), term)
                    + occurrences((doc.breadcrumbs || '').toLowerCase(), term);
                if (title + rest === 0) {
                    score = 0;
                    break;
                }
                score += 2 * title + rest;
            }
            if (score > 0) {
                results.push({ ref, score, doc });
            }
        }
        return results.sort((a, b) => b.score - a.score);
    };

    // 打开带 `?search=背压` 的网址时，索引是异步加载的，可能在这段脚本运行之前就已经搜过一次
    // （那时还没有中文支持）。这种情况下借搜索框的 keyup 事件重搜一次：先搜少一个字的词，再搜
    // 原词，因为 mdBook 不会重复搜索同一个词。
    const searchbar = document.getElementById('mdbook-searchbar');
    const term = searchbar ? searchbar.value.trim() : '';
    if (window.search && window.search.index && han.test(term)) {
        for (const value of [term.slice(0, -1) || ' ', term]) {
            searchbar.value = value;
            searchbar.dispatchEvent(new KeyboardEvent('keyup'));
        }
    }
})();
