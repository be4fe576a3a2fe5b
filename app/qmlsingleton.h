// The app's QML singletons are built by AppServices, not by the QML engine: each class's static
// create() hands the engine the instance AppServices made, and C++ keeps ownership of it.
#pragma once

#include <QJSEngine>

namespace doorstep::app {

template<typename T> T *provideSingleton(T *instance)
{
    if (instance)
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
    return instance;
}

} // namespace doorstep::app
